/**
 * `GET /api/history?seconds=3600&queue=NAME`: a chart's points over one of the offered spans
 * (`CHART_RANGES`), from the management API's own samples; without `queue`, the vhost's. Asked
 * when a person picks a span, never polled.
 */
import type { Context } from "hono";
import { chartRange } from "../../lib/shared/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { nameProblem } from "../_requests/resource_name.ts";

export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.query("queue") || undefined;
  const problem = queue === undefined ? undefined : nameProblem("queue", queue);
  if (problem) return c.json({ error: problem }, 400);
  const range = chartRange(c.req.query("seconds"), { queue: queue !== undefined });
  if (typeof range === "string") return c.json({ error: range }, 400);
  const points = await ctx.management.chartHistory({
    queue,
    seconds: range.seconds,
    step: range.step,
  });
  return c.json({ seconds: range.seconds, step: range.step, points });
}
