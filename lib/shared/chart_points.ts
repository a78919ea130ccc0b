/** How a chart's points grow as live snapshots come. */
import type { ChartPoint } from "./snapshot.ts";

/**
 * The chart's points with a live point added: points older than the window go, and so does any
 * point stamped at or after the live one. A live figure is the freshest there is; the management
 * API stamps its newest sample at the next step (up to 5 s ahead), and a broker's clock may run
 * ahead of the monitor's, so history from "later" must give way instead of hiding live points.
 *
 * @example
 * ```ts
 * const history = [{ at: 1_000, ready: 5, unacked: 0, publish: 0, deliver: 0, ack: 0 }];
 * withLivePoint(history, { ...history[0], at: 2_000, ready: 7 }, 300_000).length; // 2
 * ```
 */
export function withLivePoint(
  points: readonly ChartPoint[],
  point: ChartPoint,
  windowMs: number,
): ChartPoint[] {
  const cutoff = point.at - windowMs;
  return [...points.filter((p) => p.at >= cutoff && p.at < point.at), point];
}
