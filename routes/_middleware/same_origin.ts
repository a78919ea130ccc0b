/**
 * Refuses state-changing requests from other sites. Browsers say where a request comes from
 * (`Sec-Fetch-Site`, and `Origin`); a page of another site must not publish through this
 * monitor. Requests that say neither (curl, scripts) are not from a browser page and pass.
 */
import type { MiddlewareHandler } from "hono";
import { hostnameOf } from "./host_allow_list.ts";

/**
 * Middleware: 403 when the request's Origin is not one of the monitor's own names (the host
 * allow-list) on the port the request came to.
 *
 * @example
 * ```ts
 * app.post("/api/publish", sameOrigin(["localhost", "127.0.0.1", "[::1]"]), handler);
 * ```
 */
export function sameOrigin(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed);
  return async function sameOriginCheck(c, next) {
    const site = c.req.header("sec-fetch-site");
    if (site !== undefined) {
      if (site !== "same-origin" && site !== "none") {
        return c.json({ error: "cross-site requests are refused" }, 403);
      }
      return await next();
    }
    const origin = c.req.header("origin");
    if (origin !== undefined) {
      let from: URL | undefined;
      try {
        from = new URL(origin);
      } catch {
        from = undefined;
      }
      const port = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");
      const hostname = from && hostnameOf(from.host);
      if (!from || !hostname || !names.has(hostname) || port(from) !== port(new URL(c.req.url))) {
        return c.json({ error: "cross-site requests are refused" }, 403);
      }
    }
    await next();
  };
}
