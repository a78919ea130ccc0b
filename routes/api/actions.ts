/** `GET /api/actions`: the record of what was done through the monitor, newest first. */
import type { Context } from "hono";
import type { MonitorContext } from "../_context.ts";

/** `GET /api/actions`: `{actions: [{time, client, signedIn, vhost, action, object, result, status, detail}]}`. */
export function GET(c: Context, ctx: MonitorContext): Response {
  return c.json({ allowed: ctx.allow.allowed, actions: ctx.actions.list() });
}
