/**
 * Refuses state-changing requests from other sites. Browsers say where a request comes from
 * (`Sec-Fetch-Site`, and `Origin`); a page of another site must not publish through this
 * monitor. Requests that say neither (curl, scripts) are not from a browser page and pass.
 */
import type { MiddlewareHandler } from "hono";

/**
 * Middleware: 403 when the request's Origin is not this server's own.
 *
 * @example
 * ```ts
 * app.post("/api/publish", sameOrigin(), handler);
 * ```
 */
export function sameOrigin(): MiddlewareHandler {
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
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== new URL(c.req.url).host) {
        return c.json({ error: "cross-site requests are refused" }, 403);
      }
    }
    await next();
  };
}
