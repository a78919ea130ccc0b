/** `GET /metrics`: the monitor's picture for Prometheus (text exposition format 0.0.4). */
import type { Context } from "hono";
import { prometheusText } from "../../lib/snapshots/mod.ts";
import type { MonitorContext } from "../_context.ts";

export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  const text = prometheusText(await ctx.poller.latest(), {
    viewers: ctx.poller.subscribers,
    feedTaps: ctx.feed.taps,
    browserConsumers: ctx.browserConsumers.size,
    polls: ctx.poller.polls,
  });
  c.header("content-type", "text/plain; version=0.0.4; charset=utf-8");
  return c.body(text);
}
