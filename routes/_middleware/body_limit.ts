/**
 * One limit on every request body, whatever the route: counted while the body is read
 * (streamed), so a request of hundreds of MB is refused after the first bytes past the limit
 * instead of being held in memory, chunked or not.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { PUBLISH_LIMITS } from "../_requests/publish_request.ts";

/**
 * The largest body any route takes: a publish of the largest message body, JSON-escaped, with
 * room for its headers. Forms and actions are far smaller.
 */
export const MAX_REQUEST_BYTES = PUBLISH_LIMITS.bodyBytes * 2 + 16 * 1024;

/** Options for {@linkcode requestBodyLimit}. */
export interface RequestBodyLimitOptions {
  /** Bytes a body may have; more is answered 413. */
  maxBytes: number;
}

/**
 * Middleware: 413 (with a JSON error) for a body over `maxBytes`, declared or streamed.
 *
 * @example
 * ```ts
 * app.use(requestBodyLimit({ maxBytes: MAX_REQUEST_BYTES }));
 * ```
 */
export function requestBodyLimit(options: RequestBodyLimitOptions): MiddlewareHandler {
  return bodyLimit({
    maxSize: options.maxBytes,
    onError: (c) => c.json({ error: `the request body is over ${options.maxBytes} bytes` }, 413),
  });
}
