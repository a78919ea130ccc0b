/**
 * Picks the virtual host a request is about: `?vhost=NAME` on the address (an API caller's
 * choice; an unknown name is a 404), else the browser's `monitor_vhost` cookie (the selector's
 * choice; a name that no longer exists falls back), else the vhost of `--url`. `?vhost=*` (every
 * vhost) is taken by the addresses of {@linkcode ALL_VHOST_PATHS} alone, which read it themselves.
 */
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { MonitorContext } from "../_context.ts";
import { VHOST_COOKIE, type VhostContexts } from "../_vhosts.ts";

/** The addresses that list every vhost at once with `?vhost=*`. */
export const ALL_VHOST_PATHS: ReadonlySet<string> = new Set(["/api/queues", "/queues"]);

/** The variables this middleware sets: the request's monitor context. */
export type VhostVariables = { ctx: MonitorContext };

/**
 * Middleware: sets `c.get("ctx")` to the context of the request's virtual host.
 *
 * @example
 * ```ts
 * app.use(vhostSelect(root.vhosts));
 * app.get("/api/overview", (c) => overview.GET(c, c.get("ctx")));
 * ```
 */
export function vhostSelect(
  vhosts: VhostContexts<MonitorContext>,
): MiddlewareHandler<{ Variables: VhostVariables }> {
  return async function selectVhost(c, next) {
    const asked = c.req.query("vhost");
    const every = asked === "*" && ALL_VHOST_PATHS.has(c.req.path);
    if (asked !== undefined && !every) {
      const ctx = await vhosts.select(asked);
      if (!ctx) return c.json({ error: `no virtual host named '${asked}'` }, 404);
      c.set("ctx", ctx);
      return await next();
    }
    const chosen = getCookie(c, VHOST_COOKIE);
    c.set("ctx", (chosen && await vhosts.select(chosen)) || vhosts.default);
    await next();
  };
}
