/**
 * When the monitor is started with a token, every page and API call needs it: as a bearer
 * header (scripts) or as the cookie the login form sets (browsers).
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** Name of the cookie that carries the token. */
export const TOKEN_COOKIE = "monitor_token";

/** Compares in time that does not depend on where the strings differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a), y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Whether the request carries `token` (bearer header or cookie). */
export function hasToken(c: Context, token: string): boolean {
  const bearer = c.req.header("authorization")?.match(/^Bearer (.+)$/i)?.[1];
  const cookie = getCookie(c, TOKEN_COOKIE);
  return (bearer !== undefined && sameSecret(bearer, token)) ||
    (cookie !== undefined && sameSecret(cookie, token));
}

/**
 * Middleware: without the token, pages redirect to `/login` and API calls get 401.
 *
 * @example
 * ```ts
 * app.use(requireToken("s3cret"));
 * ```
 */
export function requireToken(token: string): MiddlewareHandler {
  return async function tokenCheck(c, next) {
    const path = new URL(c.req.url).pathname;
    if (path === "/login" || path === "/static/style.css" || hasToken(c, token)) {
      return await next();
    }
    if (path.startsWith("/api/")) {
      return c.json({ error: "this monitor needs its token (Authorization: Bearer …)" }, 401);
    }
    return c.redirect("/login", 302);
  };
}

/** Sets the token cookie after a correct login. */
export function rememberToken(c: Context, token: string): void {
  setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/" });
}
