/**
 * Rates and latency percentiles. (Number formatting lives in `format.ts`, which the browser
 * bundle imports without the histogram library.)
 */
import * as hdr from "hdr-histogram-js";

/**
 * Messages per second over an elapsed time, 0 when no time has passed.
 *
 * @example
 * ```ts
 * rate(10_000, 0.5); // 20000
 * ```
 */
export function rate(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  count: number;
  min: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
  max: number;
}

/** Latencies above an hour are clamped: a message that waited longer is simply "over an hour". */
const MAX_TRACKED_MS = 3_600_000;

/**
 * Records latencies in a fixed-size HDR histogram (2 significant digits, about 10 KB whatever
 * the number of samples), so a million messages cost no more memory than ten.
 *
 * @example
 * ```ts
 * const h = new LatencyRecorder();
 * h.record(12);
 * h.summary().p50; // 12
 * ```
 */
export class LatencyRecorder {
  #histogram = hdr.build({
    useWebAssembly: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_TRACKED_MS,
    numberOfSignificantValueDigits: 2,
  });

  /** Adds one latency in milliseconds (negatives from clock skew count as 0). */
  record(ms: number): void {
    this.#histogram.recordValue(Math.min(Math.max(Math.round(ms), 0), MAX_TRACKED_MS));
  }

  /** Number of latencies recorded. */
  get count(): number {
    return this.#histogram.totalCount;
  }

  /** Percentiles of what was recorded; all zero when nothing was. */
  summary(): LatencySummary {
    const h = this.#histogram;
    if (h.totalCount === 0) return { count: 0, min: 0, p50: 0, p75: 0, p95: 0, p99: 0, max: 0 };
    return {
      count: h.totalCount,
      min: h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue,
      p50: h.getValueAtPercentile(50),
      p75: h.getValueAtPercentile(75),
      p95: h.getValueAtPercentile(95),
      p99: h.getValueAtPercentile(99),
      max: h.maxValue,
    };
  }
}
