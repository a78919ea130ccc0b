/**
 * A read that is shared while it is fresh: every caller within `maxAgeMs` of the last read gets
 * its answer (or waits for the same read in flight), so many viewers cost one request.
 */

/**
 * One cached read.
 *
 * @example
 * ```ts
 * const exchanges = new CachedRead(() => api.exchanges(), 2_000);
 * await exchanges.get(); // reads
 * await exchanges.get(); // the same answer, within 2 s
 * ```
 */
export class CachedRead<T> {
  readonly #read: () => Promise<T>;
  readonly #maxAgeMs: number;
  #last?: { at: number; value: Promise<T> };

  constructor(read: () => Promise<T>, maxAgeMs: number) {
    this.#read = read;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The last answer while fresh, else a new read; a failed read is not kept. */
  get(): Promise<T> {
    const now = Date.now();
    if (!this.#last || now - this.#last.at >= this.#maxAgeMs) {
      const value = this.#read();
      const entry = { at: now, value };
      value.catch(() => {
        if (this.#last === entry) this.#last = undefined;
      });
      this.#last = entry;
    }
    return this.#last.value;
  }
}
