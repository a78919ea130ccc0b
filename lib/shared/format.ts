/**
 * Number formatting shared by the scripts, the terminal status view and the browser islands.
 * No imports: this module is bundled into the monitor's client code.
 */

/** Compact counts ("1.5K") and grouped integers ("1,234,567"), the same on every machine. */
const COMPACT = new Intl.NumberFormat("en-US", { notation: "compact" });
const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * A count in short readable form: 950, 10K, 1.5M, 2.3B (two significant digits below 100 of a
 * unit, as the management UI reads).
 *
 * @example
 * ```ts
 * formatCount(1_500_000); // "1.5M"
 * formatCount(10_000); // "10K"
 * ```
 */
export function formatCount(n: number): string {
  return COMPACT.format(n);
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
  return GROUPED.format(Math.round(n) || 0); // never "-0"
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
  // Whole seconds first, so 59.6 s past a minute reads as the next minute, never "12m60s".
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}m${seconds.toString().padStart(2, "0")}s`;
}

/**
 * A rate in messages per second: "0/s", "3.5/s", "1.2K/s".
 *
 * @example
 * ```ts
 * formatRate(1234); // "1.2K/s"
 * ```
 */
export function formatRate(perSecond: number): string {
  if (perSecond > 0 && perSecond < 10) return `${perSecond.toFixed(1).replace(/\.0$/, "")}/s`;
  return `${formatCount(perSecond)}/s`;
}

/**
 * A byte count: `512 B`, `1.5 KB`, `134.3 MB`, `9.4 GB`.
 *
 * @example
 * ```ts
 * formatBytes(1536); // "1.5 KB"
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes, unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Bytes per second in short form: "512 B/s", "1.5 KB/s", "3.2 MB/s".
 */
export function formatBytesRate(perSecond: number): string {
  return `${formatBytes(perSecond)}/s`;
}
