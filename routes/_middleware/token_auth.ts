/**
 * When the monitor is started with a token, every page and API call needs it: as a bearer
 * header (scripts and Prometheus), or through the login form, which opens a session (browsers).
 * The cookie holds a random session id, never the token, so a cookie sent to another port of the
 * same host gives nothing away. Wrong tokens are counted per client: after a few in a minute, that client
 * gets 429 until the minute is over.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { RateLimit } from "./rate_limit.ts";
import { clientOf } from "../_context.ts";

/** Name of the cookie that carries the session id. */
export const SESSION_COOKIE = "monitor_session";

/** Shortest token accepted: long enough that guessing it, a few tries a minute, is hopeless. */
export const MIN_TOKEN_LENGTH = 16;

/** How long a login lasts. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** Compares in time that does not depend on where the strings differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a), y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * The sessions the login form opened, in memory (a restart signs everyone out).
 *
 * @example
 * ```ts
 * const sessions = new Sessions();
 * const id = sessions.open();
 * sessions.valid(id); // true, for SESSION_LIFETIME_MS
 * sessions.close(id);
 * ```
 */
export class Sessions {
  readonly #expiry = new Map<string, number>();

  /** Opens a session; returns its id (256 random bits, hex). */
  open(): string {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const id = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    this.#expiry.set(id, Date.now() + SESSION_LIFETIME_MS);
    return id;
  }

  /** Whether `id` is an open session that has not expired. */
  valid(id: string | undefined): boolean {
    if (!id) return false;
    const expires = this.#expiry.get(id);
    if (expires === undefined) return false;
    if (expires > Date.now()) return true;
    this.#expiry.delete(id);
    return false;
  }

  /** Ends a session (logout). */
  close(id: string | undefined): void {
    if (id) this.#expiry.delete(id);
  }
}

/** What the token check needs. */
export interface TokenAuthOptions {
  token: string;
  sessions: Sessions;
  /** Wrong tokens per client and minute. */
  failures: RateLimit;
}

/** The challenge a 401 carries: the token goes in a bearer header (RFC 6750). */
export const BEARER_CHALLENGE = 'Bearer realm="monitor"';

/**
 * Whether a path is asked for by programs (the API and the Prometheus scrape address), which
 * need a status to act on; people's pages are sent to the login form instead.
 *
 * @example
 * ```ts
 * forPrograms("/metrics"); // true
 * forPrograms("/queues/work"); // false
 * ```
 */
export function forPrograms(path: string): boolean {
  return path.startsWith("/api/") || path === "/metrics";
}

/** Whether the request carries a valid session cookie. */
export function hasSession(c: Context, sessions: Sessions): boolean {
  return sessions.valid(getCookie(c, SESSION_COOKIE));
}

/**
 * Middleware: without the token (bearer) or a session, pages redirect to `/login`, and API calls
 * and `/metrics` get 401 with a bearer challenge; a client that gave too many wrong tokens gets
 * 429.
 *
 * @example
 * ```ts
 * app.use(requireToken({ token, sessions: new Sessions(), failures: new RateLimit({ limit: 5 }) }));
 * ```
 */
export function requireToken(options: TokenAuthOptions): MiddlewareHandler {
  const { token, sessions, failures } = options;
  return async function tokenCheck(c, next) {
    const path = new URL(c.req.url).pathname;
    if (path === "/login" || path === "/static/style.css") return await next();
    if (hasSession(c, sessions)) return await next();
    const bearer = c.req.header("authorization")?.match(/^Bearer (.+)$/i)?.[1];
    if (bearer !== undefined) {
      const client = clientOf(c);
      if (failures.exhausted(client)) return tooManyFailures(c, failures, client);
      if (sameSecret(bearer, token)) return await next();
      failures.spend(client);
    }
    if (forPrograms(path)) {
      c.header("www-authenticate", BEARER_CHALLENGE);
      return c.json({ error: "this monitor needs its token (Authorization: Bearer …)" }, 401);
    }
    return c.redirect("/login", 302);
  };
}

/** 429 with the seconds to wait. */
export function tooManyFailures(c: Context, failures: RateLimit, client: string): Response {
  const wait = failures.retryAfterSeconds(client);
  c.header("retry-after", String(wait));
  return c.json({ error: `too many wrong tokens; try again in ${wait}s` }, 429);
}

/** Opens a session after a correct login and sets its cookie. */
export function openSession(c: Context, sessions: Sessions): void {
  setCookie(c, SESSION_COOKIE, sessions.open(), {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

/** Ends the request's session and removes its cookie. */
export function closeSession(c: Context, sessions: Sessions): void {
  sessions.close(getCookie(c, SESSION_COOKIE));
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
