/** The history a page's chart opens with. */
import { type ChartPoint, openingHistory } from "../lib/shared/mod.ts";
import type { MonitorContext } from "./_context.ts";

/** Seconds of history the charts show, and between two of their points. */
export const CHART_SECONDS = 300;
const CHART_STEP = 5;

/**
 * The chart's history: the management API's samples of the last minutes, or, when it has fewer
 * (or does not answer), the snapshots this monitor took; never the broker's samples from before
 * it last started (see `openingHistory`).
 */
export async function chartHistory(ctx: MonitorContext, queue?: string): Promise<ChartPoint[]> {
  const own = ctx.poller.history(queue);
  const sampled = await ctx.management.chartHistory({
    queue,
    seconds: CHART_SECONDS,
    step: CHART_STEP,
  }).catch(() => []);
  return openingHistory({ sampled, own });
}
