/**
 * Small copies carved out of shared blocks: each copy of a delivery's properties or body would
 * otherwise be an ArrayBuffer of its own, whose memory V8 allocates, tracks and frees apart
 * from its heap (measured: about a fifth of a consumer's CPU per message).
 */

/** Size of one shared block. */
const BLOCK_BYTES = 64 * 1024;
/** Larger copies get an ArrayBuffer of their own (a block would hold few of them). */
const MAX_SHARED_COPY = 2 * 1024;

/**
 * Copies byte ranges into shared blocks. A copy is a view of its block: it keeps the block's
 * memory alive while it lives, so a copy kept long (a message held for minutes) holds up to
 * 64 KB; a consumer that handles and drops its messages frees blocks as it goes.
 *
 * @example
 * ```ts
 * const slab = new ByteSlab();
 * const copy = slab.copy(readBuffer, 10, 20); // 10 bytes, safe after readBuffer is reused
 * ```
 */
export class ByteSlab {
  #block = new Uint8Array(BLOCK_BYTES);
  #used = 0;

  /** A copy of `source[start..end)` that outlives `source`. */
  copy(source: Uint8Array, start: number, end: number): Uint8Array {
    const length = end - start;
    if (length > MAX_SHARED_COPY) return source.slice(start, end);
    if (this.#used + length > BLOCK_BYTES) {
      this.#block = new Uint8Array(BLOCK_BYTES); // the old block lives on in its copies
      this.#used = 0;
    }
    const at = this.#used;
    const block = this.#block;
    if (length <= 64) { // a loop beats set() and the subarray it needs, for a few bytes
      for (let i = 0; i < length; i++) block[at + i] = source[start + i];
    } else {
      block.set(source.subarray(start, end), at);
    }
    this.#used = at + length;
    return block.subarray(at, at + length);
  }
}
