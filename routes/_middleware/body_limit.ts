/**
 * One limit on every request body, whatever the route, checked before any handler runs: a
 * declared length over the limit, or any body on a GET or HEAD (no route reads one, and the
 * streaming routes would hold it for as long as they stream), is refused from the headers;
 * other bodies are counted while they are read (streamed), so a request of hundreds of MB is
 * refused after the first bytes past the limit instead of being held in memory, chunked or not.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { PUBLISH_LIMITS } from "../_requests/publish_request.ts";

/**
 * The largest body any route takes: a publish of the largest message body, JSON-escaped, with
 * room for its headers. Forms and actions are far smaller.
 */
export const MAX_REQUEST_BYTES = PUBLISH_LIMITS.bodyBytes * 2 + 16 * 1024;

/**
 * The largest definitions file the monitor imports (`POST /api/definitions`): a vhost of
 * thousands of queues exports megabytes, and that route alone reads such a body.
 */
export const MAX_DEFINITIONS_BYTES = 32 * 1024 * 1024;

/** Methods whose requests carry no body here (the streams among them). */
const BODYLESS = new Set(["GET", "HEAD"]);

/** A route that takes larger bodies than the rest: its method and exact path, and its limit. */
export interface LargerBodyRoute {
  method: string;
  path: string;
  maxBytes: number;
}

/** Options for {@linkcode requestBodyLimit}. */
export interface RequestBodyLimitOptions {
  /** Bytes a body may have; more is answered 413. */
  maxBytes: number;
  /** The few routes that take more (each still counted and refused past its own limit). */
  largerFor?: LargerBodyRoute[];
}

/**
 * What a request's headers say of its body: its declared length, or that it comes chunked
 * (length unknown); `undefined` when it has none.
 *
 * @example
 * ```ts
 * declaredBody(new Headers({ "content-length": "12" })); // { bytes: 12 }
 * declaredBody(new Headers({ "transfer-encoding": "chunked" })); // { bytes: undefined }
 * ```
 */
export function declaredBody(headers: Headers): { bytes: number | undefined } | undefined {
  if (headers.has("transfer-encoding")) return { bytes: undefined };
  const length = headers.get("content-length");
  if (length === null) return undefined;
  const bytes = Number(length.trim());
  // A length that is no number is as good as an unknown one: counted, or refused on a GET.
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { bytes: undefined };
  return bytes === 0 ? undefined : { bytes };
}

/**
 * Middleware: 413 (with a JSON error) for a body over `maxBytes`, declared or streamed, and for
 * any body on a GET or HEAD, before the route's handler starts.
 *
 * @example
 * ```ts
 * app.use(requestBodyLimit({ maxBytes: MAX_REQUEST_BYTES }));
 * ```
 */
export function requestBodyLimit(options: RequestBodyLimitOptions): MiddlewareHandler {
  const limits = [{ method: "", path: "", maxBytes: options.maxBytes }, ...options.largerFor ?? []]
    .map(({ method, path, maxBytes }) => {
      const tooLarge = (c: Context) =>
        c.json({ error: `the request body is over ${maxBytes} bytes` }, 413);
      const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
      return { method, path, maxBytes, tooLarge, counted };
    });
  const [everyRoute, ...larger] = limits;
  return async function bodySizeCheck(c, next) {
    const body = declaredBody(c.req.raw.headers);
    if (body && BODYLESS.has(c.req.method)) {
      return c.json({ error: `a ${c.req.method} request takes no body` }, 413);
    }
    const limit = larger.find((l) => l.method === c.req.method && l.path === c.req.path) ??
      everyRoute;
    if (body?.bytes !== undefined && body.bytes > limit.maxBytes) return limit.tooLarge(c);
    return await limit.counted(c, next);
  };
}
