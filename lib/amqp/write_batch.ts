/**
 * Socket writes asked for in the same tick, joined into one. A publish loop that hands the
 * client a thousand frames before it yields then costs one write (one system call, one packet
 * train) instead of a thousand; the order of the bytes is kept, and each caller's promise
 * settles when the joined write does. A batch that reaches {@linkcode MAX_BATCH_BYTES} is
 * written at once, so large messages are never joined into one huge buffer.
 */

/** A batch is written as soon as it holds this many bytes, without waiting for the tick's end. */
export const MAX_BATCH_BYTES = 1024 * 1024;

/** Writes queued for one socket write, and the promise their callers hold. */
interface Batch {
  parts: Uint8Array[];
  size: number;
  written: Promise<void>;
  settle: (write: Promise<void>) => void;
}

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
  /** What waits for the next write; absent once written. */
  #batch: Batch | undefined;

  /** Batches writes for `write`, which does the real (socket) write. */
  constructor(write: (bytes: Uint8Array) => Promise<void>) {
    this.#write = write;
  }

  /** Queues `bytes` for this tick's write; resolves when it was written. */
  send(bytes: Uint8Array): Promise<void> {
    const batch = this.#batch ?? this.#open();
    batch.parts.push(bytes);
    batch.size += bytes.length;
    if (batch.size >= MAX_BATCH_BYTES) this.#flush(batch);
    return batch.written;
  }

  /** A new batch, written once the current synchronous work is done (a microtask later). */
  #open(): Batch {
    let settle!: (write: Promise<void>) => void;
    const written = new Promise<void>((resolve) => (settle = resolve));
    // Callers may leave the promise alone (a confirm settles their publish): a failed write
    // closes the connection, which every caller hears of, so it must not also be unhandled.
    written.catch(() => {});
    const batch: Batch = { parts: [], size: 0, written, settle };
    this.#batch = batch;
    queueMicrotask(() => this.#flush(batch));
    return batch;
  }

  /** Writes `batch` as one buffer, unless it was written already (the parts may be reused after). */
  #flush(batch: Batch): void {
    if (this.#batch !== batch) return;
    this.#batch = undefined;
    const { parts, size } = batch;
    if (parts.length === 1) return batch.settle(this.#write(parts[0]));
    const joined = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    batch.settle(this.#write(joined));
  }
}
