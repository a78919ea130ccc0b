/**
 * `GET /api/exchanges`: every exchange of the vhost with its bindings counted both ways and its
 * publish rates, read from the management API at most once per poll interval.
 */
import type { Context } from "hono";
import type { MonitorContext } from "../_context.ts";

export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  try {
    return c.json(await ctx.exchanges.get());
  } catch {
    return c.json({ error: "exchanges need the management API, which does not answer" }, 503);
  }
}
