/** Sequence numbers per page of bits (8 KB). */
const PAGE_SEQS = 65_536;

/**
 * Remembers which messages were already handled, to count duplicates (at-least-once delivery
 * means a message may come twice; a good tool says how often).
 *
 * Our messages are keyed by run id and sequence number and kept in one bit per sequence
 * number, so a million messages cost 125 KB instead of a set of a million id strings. The bits
 * live in pages of 64 Ki sequence numbers, made when first touched: a message whose `seq` is far
 * off (another client's, with our header names) costs one 8 KB page, not a bitset reaching it.
 * Foreign messages fall back to their message_id.
 */
export class DuplicateTracker {
  /** Per run: its pages of bits, by page number. */
  #runs = new Map<string, Map<number, Uint8Array>>();
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
    let pages = this.#runs.get(runId);
    if (!pages) this.#runs.set(runId, pages = new Map());
    const number = Math.floor(seq / PAGE_SEQS);
    let page = pages.get(number);
    if (!page) pages.set(number, page = new Uint8Array(PAGE_SEQS / 8));
    const bit = seq % PAGE_SEQS;
    const mask = 1 << (bit & 7);
    const seen = (page[bit >>> 3] & mask) !== 0;
    if (!seen) this.#size++;
    page[bit >>> 3] |= mask;
    return seen;
  }

  /** Whether message `seq` of run `runId` was seen (without marking it). */
  hasSeq(runId: string, seq: number): boolean {
    const page = this.#runs.get(runId)?.get(Math.floor(seq / PAGE_SEQS));
    const bit = seq % PAGE_SEQS;
    return page !== undefined && (page[bit >>> 3] & (1 << (bit & 7))) !== 0;
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
