/**
 * Remembers which messages were already handled, to count duplicates (at-least-once delivery
 * means a message may come twice; a good tool says how often).
 *
 * Our messages are keyed by run id and sequence number and kept in one bit per sequence
 * number, so a million messages cost 125 KB instead of a set of a million id strings.
 * Foreign messages fall back to their message_id.
 */
export class DuplicateTracker {
  #runs = new Map<string, Uint8Array>();
  #ids = new Set<string>();
  #size = 0;

  /** How many different messages were marked. */
  get size(): number {
    return this.#size;
  }

  /**
   * Marks message `seq` of run `runId` as seen; returns true when it had been seen before.
   *
   * @example
   * ```ts
   * const t = new DuplicateTracker();
   * t.markSeq("run-1", 7); // false
   * t.markSeq("run-1", 7); // true
   * ```
   */
  markSeq(runId: string, seq: number): boolean {
    let bits = this.#runs.get(runId);
    const byte = seq >>> 3;
    if (!bits || byte >= bits.length) {
      // Grow by doubling so a long run re-allocates only log2(N) times.
      const grown = new Uint8Array(Math.max(1024, (byte + 1) * 2));
      if (bits) grown.set(bits);
      bits = grown;
      this.#runs.set(runId, bits);
    }
    const mask = 1 << (seq & 7);
    const seen = (bits[byte] & mask) !== 0;
    if (!seen) this.#size++;
    bits[byte] |= mask;
    return seen;
  }

  /** Whether message `seq` of run `runId` was seen (without marking it). */
  hasSeq(runId: string, seq: number): boolean {
    const bits = this.#runs.get(runId);
    const byte = seq >>> 3;
    return bits !== undefined && byte < bits.length && (bits[byte] & (1 << (seq & 7))) !== 0;
  }

  /**
   * Marks a message id as seen; returns true when it had been seen before. Empty ids cannot be
   * told apart and are never duplicates.
   */
  markId(messageId: string): boolean {
    if (!messageId) return false;
    if (this.#ids.has(messageId)) return true;
    this.#ids.add(messageId);
    this.#size++;
    return false;
  }
}
