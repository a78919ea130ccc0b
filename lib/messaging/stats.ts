/**
 * Rates and latency percentiles. (Number formatting lives in `format.ts`, which the browser
 * bundle imports without the histogram library.)
 */
import { hdr } from "../deps.ts";

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
  /** How many latencies were recorded. */
  count: number;
  /** The shortest. */
  min: number;
  /** The median. */
  p50: number;
  /** 75th percentile. */
  p75: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** The longest (at most an hour: longer ones are clamped). */
  max: number;
}

/** Latencies above an hour are clamped: a message that waited longer is simply "over an hour". */
const MAX_TRACKED_US = 3_600_000_000;

/**
 * Records latencies in a fixed-size HDR histogram of microseconds (2 significant digits, a few
 * tens of KB whatever the number of samples), so a million messages cost no more memory than
 * ten, and sub-millisecond latencies keep their precision.
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
    highestTrackableValue: MAX_TRACKED_US,
    numberOfSignificantValueDigits: 2,
  });

  /** Adds one latency in milliseconds (negatives from clock skew count as 0). */
  record(ms: number): void {
    this.#histogram.recordValue(Math.min(Math.max(Math.round(ms * 1000), 0), MAX_TRACKED_US));
  }

  /** Number of latencies recorded. */
  get count(): number {
    return this.#histogram.totalCount;
  }

  /** Percentiles of what was recorded, in milliseconds (to the microsecond); zeros when empty. */
  summary(): LatencySummary {
    const h = this.#histogram;
    if (h.totalCount === 0) return { count: 0, min: 0, p50: 0, p75: 0, p95: 0, p99: 0, max: 0 };
    const ms = (us: number) => Math.round(us) / 1000;
    // A percentile is reported as the top of its bucket, which can pass the largest value
    // recorded: clamp to it, so min <= p50 <= ... <= p99 <= max always holds.
    const max = h.maxValue;
    const at = (percentile: number) => Math.min(h.getValueAtPercentile(percentile), max);
    const nonZero = h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue;
    return {
      count: h.totalCount,
      // Zeros (clamped negative clock differences) count as the smallest value too.
      min: ms(Math.min(nonZero, at(0))),
      p50: ms(at(50)),
      p75: ms(at(75)),
      p95: ms(at(95)),
      p99: ms(at(99)),
      max: ms(max),
    };
  }
}
