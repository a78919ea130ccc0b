/**
 * Socket writes asked for in the same tick, joined into one. A publish loop that hands the
 * client a thousand frames before it yields then costs one write (one system call, one packet
 * train) instead of a thousand; the order of the bytes is kept, and each caller's promise
 * settles when the joined write does.
 */

/**
 * One connection's pending writes.
 *
 * @example
 * ```ts
 * const batch = new WriteBatch((bytes) => socketWrite(bytes));
 * batch.send(frameA);
 * await batch.send(frameB); // frameA and frameB went out in one write
 * ```
 */
export class WriteBatch {
  readonly #write: (bytes: Uint8Array) => Promise<void>;
  // What waits for the next flush, and the promise of that flush (one per tick).
  #parts: Uint8Array[] = [];
  #size = 0;
  #flushed?: Promise<void>;

  /** Batches writes for `write`, which does the real (socket) write. */
  constructor(write: (bytes: Uint8Array) => Promise<void>) {
    this.#write = write;
  }

  /** Queues `bytes` for this tick's write; resolves when it was written. */
  send(bytes: Uint8Array): Promise<void> {
    this.#parts.push(bytes);
    this.#size += bytes.length;
    // The flush runs once the current synchronous work is done (a microtask later).
    this.#flushed ??= Promise.resolve().then(() => this.#flush());
    return this.#flushed;
  }

  /** Writes what was queued, as one buffer (the parts may be reused once this resolves). */
  #flush(): Promise<void> {
    const parts = this.#parts, size = this.#size;
    this.#parts = [];
    this.#size = 0;
    this.#flushed = undefined;
    if (parts.length === 1) return this.#write(parts[0]);
    const joined = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    return this.#write(joined);
  }
}
