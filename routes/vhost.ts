/**
 * `POST /vhost` with the form field `vhost`: the virtual host this browser's pages show from now
 * on (a cookie), then the overview.
 */
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { MonitorContext } from "./_context.ts";
import { VHOST_COOKIE, type VhostContexts } from "./_vhosts.ts";

export async function POST(c: Context, vhosts: VhostContexts<MonitorContext>): Promise<Response> {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const vhost = form.vhost;
  if (typeof vhost !== "string" || !(await vhosts.select(vhost))) {
    return c.json({ error: `no virtual host named '${String(vhost)}'` }, 404);
  }
  setCookie(c, VHOST_COOKIE, vhost, { path: "/", httpOnly: true, sameSite: "Strict" });
  // To the overview: the queue or exchange the page showed may not exist in that vhost.
  return c.redirect("/", 303);
}
