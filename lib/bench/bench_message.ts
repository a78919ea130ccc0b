/**
 * The bench's message body: who sent it, its sequence number and when, in the first 16 bytes
 * (the rest is padding up to --size), so the bench needs no properties or headers, like PerfTest.
 */

/** Bytes the bench needs in every body. */
export const BENCH_HEADER_BYTES = 16;

/** What a bench body carries. */
export interface BenchStamp {
  producer: number;
  seq: number;
  /** Unix milliseconds, with sub-millisecond precision. */
  sentAt: number;
}

/** Milliseconds since the epoch with the precision of `performance.now()`. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A body writer for one producer: returns the same buffer every time, stamped for `seq`
 * (safe because the publisher copies the body into its frame before the next call).
 *
 * @example
 * ```ts
 * const bodyOf = benchBody(0, 100);
 * readBenchStamp(bodyOf(7))?.seq; // 7
 * ```
 */
export function benchBody(producer: number, size: number): (seq: number) => Uint8Array {
  const bytes = new Uint8Array(Math.max(size, BENCH_HEADER_BYTES));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, producer);
  return (seq: number) => {
    view.setUint32(4, seq);
    view.setFloat64(8, preciseNow());
    return bytes;
  };
}

/** Reads a bench body, or `undefined` when it is too short to be one. */
export function readBenchStamp(body: Uint8Array | null): BenchStamp | undefined {
  if (!body || body.byteLength < BENCH_HEADER_BYTES) return undefined;
  const view = new DataView(body.buffer, body.byteOffset, BENCH_HEADER_BYTES);
  return { producer: view.getUint32(0), seq: view.getUint32(4), sentAt: view.getFloat64(8) };
}
