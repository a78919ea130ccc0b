/**
 * The snapshot a page embeds and streams: its own view (see `narrowSnapshot`), which the
 * poller reads from the broker paged, so a page of a broker with thousands of queues costs
 * and carries what it shows.
 */
import type { SnapshotView, ViewSnapshot } from "../lib/shared/mod.ts";
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
  return await ctx.poller.view(view);
}
