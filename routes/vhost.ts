/**
 * `POST /vhost` with the form field `vhost`: the virtual host this browser's pages show from now
 * on (a cookie), then the overview, or `next` (a path of this monitor, such as a queue's page).
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
  // To the overview (the queue or exchange the page showed may not exist in that vhost), or
  // to the page the form names, as the all-vhosts queue list does for a queue of that vhost.
  return c.redirect(localPath(form.next) ?? "/", 303);
}

/** A path of this monitor (never another site's `//host` or `/\host`), or undefined. */
function localPath(next: unknown): string | undefined {
  // deno-lint-ignore no-control-regex
  return typeof next === "string" && /^\/(?![/\\])[^\s\x00-\x1f]*$/.test(next) ? next : undefined;
}
