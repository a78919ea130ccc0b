/** How a chart's points grow as live snapshots come. */
import type { ChartPoint, Snapshot } from "./snapshot.ts";

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

/**
 * A start later than the one before by more than this is a restart (uptime went back): the
 * uptime a node reports is as old as its last statistics (up to 5 s), and a poll takes time.
 */
export const RESTART_TOLERANCE_MS = 15_000;
/** Points further apart than this many of the usual steps have samples missing between. */
const MISSING_STEPS = 3;
/** …and never closer than this (a poll that took long is not a gap). */
const MIN_GAP_MS = 15_000;

/**
 * When the broker of a snapshot had started: its moment less the longest uptime of its running
 * nodes (a cluster restarts as a whole when every node's uptime goes back). `undefined` when no
 * node tells.
 *
 * @example
 * ```ts
 * brokerStartedAt({ at: 100_000, nodes: [{ running: true, uptimeMs: 40_000 }] }); // 60000
 * ```
 */
export function brokerStartedAt(
  snapshot: { at: number; nodes: Pick<Snapshot["nodes"][number], "running" | "uptimeMs">[] },
): number | undefined {
  const uptimes = snapshot.nodes.filter((n) => n.running && n.uptimeMs > 0).map((n) => n.uptimeMs);
  return uptimes.length ? snapshot.at - Math.max(...uptimes) : undefined;
}

/**
 * The points as a chart draws them: `null` between two points where the line must break, after a
 * broker restart (the later point's broker started after the earlier one's) or where samples are
 * missing (much further apart than the usual step). A restarted broker's figures never join the
 * line of the broker before it.
 *
 * @example
 * ```ts
 * chartRows([a, b, restartedC]); // [a, b, null, restartedC]
 * ```
 */
export function chartRows(points: readonly ChartPoint[]): (ChartPoint | null)[] {
  const steps = points.slice(1).map((p, i) => p.at - points[i].at).sort((a, b) => a - b);
  const usual = steps.length ? steps[Math.floor(steps.length / 2)] : 0;
  const tooFar = Math.max(MIN_GAP_MS, usual * MISSING_STEPS);
  const rows: (ChartPoint | null)[] = [];
  for (const [i, p] of points.entries()) {
    const before = points[i - 1];
    if (before && (restartedBetween(before, p) || p.at - before.at > tooFar)) rows.push(null);
    rows.push(p);
  }
  return rows;
}

/** Whether the broker restarted between two points. */
export function restartedBetween(before: ChartPoint, after: ChartPoint): boolean {
  return before.startedAt !== undefined && after.startedAt !== undefined &&
    after.startedAt - before.startedAt > RESTART_TOLERANCE_MS;
}

/**
 * A chart's opening history from the broker's own samples and the monitor's: the broker's
 * samples from before it last started are not its figures (a restarted broker reports zeros for
 * the time before it ran), so they are dropped; when the monitor's own points reach back across
 * that start, they are kept up to it and the broker's samples (or the monitor's) follow.
 *
 * @example
 * ```ts
 * openingHistory({ sampled, own }); // own points before the restart, then what follows it
 * ```
 */
export function openingHistory(
  history: { sampled: readonly ChartPoint[]; own: readonly ChartPoint[] },
): ChartPoint[] {
  const { own } = history;
  const startedAt = own.at(-1)?.startedAt;
  if (startedAt === undefined) {
    return [...(history.sampled.length >= own.length ? history.sampled : own)];
  }
  const sampled = history.sampled.filter((p) => p.at >= startedAt)
    .map((p) => ({ ...p, startedAt }));
  // The monitor's points since the last restart it saw, and those before it.
  let cut = 0;
  let known: ChartPoint | undefined;
  for (const [i, p] of own.entries()) {
    if (p.startedAt === undefined) continue;
    if (known && restartedBetween(known, p)) cut = i;
    known = p;
  }
  const earlier = own.slice(0, cut);
  const current = own.slice(cut);
  const since = sampled.length >= current.length ? sampled : current;
  return [...earlier, ...since];
}
