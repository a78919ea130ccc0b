/**
 * The snapshot a page embeds and streams: its own view of the latest one (see
 * `narrowSnapshot`), so a page of a broker with thousands of queues carries what it shows.
 */
import { narrowSnapshot, type SnapshotView, type ViewSnapshot } from "../lib/shared/mod.ts";
import type { MonitorContext } from "./_context.ts";

/**
 * The latest snapshot as `view` shows it.
 *
 * @example
 * ```ts
 * const snapshot = await pageSnapshot(ctx, { queues: "none" });
 * ```
 */
export async function pageSnapshot(
  ctx: MonitorContext,
  view: SnapshotView,
): Promise<ViewSnapshot> {
  return narrowSnapshot(await ctx.poller.latest(), view);
}
