/**
 * Rates, latency percentiles and number formatting shared by the scripts and the monitor.
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

/**
 * A count in short readable form: 950, 10K, 1.5M, 2.3B.
 *
 * @example
 * ```ts
 * formatCount(1_500_000); // "1.5M"
 * formatCount(10_000); // "10K"
 * ```
 */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  for (const [limit, suffix] of [[1e9, "B"], [1e6, "M"], [1e3, "K"]] as const) {
    if (abs >= limit) {
      const scaled = n / limit;
      // One decimal below 10 (1.5M), none above (15M), and never a trailing ".0".
      const text = Math.abs(scaled) < 10 ? scaled.toFixed(1) : Math.round(scaled).toString();
      return text.replace(/\.0$/, "") + suffix;
    }
  }
  return Math.round(n).toString();
}

/**
 * An integer with thousands separators, for exact counts in summaries.
 *
 * @example
 * ```ts
 * formatInteger(1234567); // "1,234,567"
 * ```
 */
export function formatInteger(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A latency in milliseconds as a short human string: "0ms", "12ms", "1.53s", "2m05s".
 *
 * @example
 * ```ts
 * formatMs(1530); // "1.53s"
 * ```
 */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${seconds.toString().padStart(2, "0")}s`;
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
