/** Which messages of one run arrived, and how often: a drill's proof that nothing was lost. */

/**
 * A tally of sequence numbers 1..count: unique arrivals, duplicates, and the missing ones.
 *
 * @example
 * ```ts
 * const tally = new SeqTally(3);
 * tally.mark(1); tally.mark(3); tally.mark(3);
 * tally.missing(); // [2]
 * tally.duplicates; // 1
 * ```
 */
export class SeqTally {
  /** How many messages the run sent. */
  readonly count: number;
  // One byte per sequence number: 0 = not seen, 1 = seen (a 1,000,000 run takes 1 MB).
  readonly #seen: Uint8Array;
  #unique = 0;
  #duplicates = 0;
  #outside = 0;

  /** A tally of messages 1..`count`. */
  constructor(count: number) {
    this.count = count;
    this.#seen = new Uint8Array(count + 1);
  }

  /** Counts the arrival of message `seq`. */
  mark(seq: number): void {
    if (!Number.isInteger(seq) || seq < 1 || seq > this.count) {
      this.#outside++;
    } else if (this.#seen[seq]) {
      this.#duplicates++;
    } else {
      this.#seen[seq] = 1;
      this.#unique++;
    }
  }

  /** Messages that arrived at least once. */
  get unique(): number {
    return this.#unique;
  }

  /** Arrivals of a message that had arrived before. */
  get duplicates(): number {
    return this.#duplicates;
  }

  /** Arrivals with a sequence number outside 1..count (none, unless something is wrong). */
  get outside(): number {
    return this.#outside;
  }

  /** Whether every message arrived. */
  get complete(): boolean {
    return this.#unique === this.count;
  }

  /** The first `limit` sequence numbers that never arrived. */
  missing(limit = 5): number[] {
    const missing: number[] = [];
    for (let seq = 1; seq <= this.count && missing.length < limit; seq++) {
      if (!this.#seen[seq]) missing.push(seq);
    }
    return missing;
  }
}
