/** `GET /api/overview`: the latest snapshot as JSON. */
import type { Context } from "hono";
import type { MonitorContext } from "../_context.ts";

export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  return c.json(await ctx.poller.latest());
}
