/**
 * What `POST /api/publish` accepts, checked field by field so every refusal says which field
 * is wrong and what is accepted.
 */
import { HttpError } from "../../lib/errors.ts";
import { MAX_TTL_MS } from "../../lib/amqp/mod.ts";
import { nameProblem, utf8Length } from "./resource_name.ts";

/** Limits of one publish request. */
export const PUBLISH_LIMITS = {
  /** Largest body, in bytes (UTF-8). */
  bodyBytes: 64 * 1024,
  /** Most copies in one request. */
  count: 1_000,
  /** Most headers. */
  headers: 32,
} as const;

/** A header value the AMQP client encodes exactly (see {@linkcode exactHeaderNumber}). */
export type HeaderValue = string | number | bigint;

/** A checked publish request. */
export interface PublishRequest {
  exchange: string;
  routingKey: string;
  body: string;
  /** Numbers as they go on the wire: int32 as `number`, wider integers as `bigint` (int64). */
  headers: Record<string, HeaderValue>;
  count: number;
  /** 0 to 255; absent: none. */
  priority?: number;
  /** Each message expires after this many ms in a queue; absent: never. */
  expirationMs?: number;
  /** The body's MIME type (default text/plain). */
  contentType: string;
  /** delivery_mode 2 (the default) or 1. */
  persistent: boolean;
}

/** Every field a request may have. */
const FIELDS = [
  "exchange",
  "routing_key",
  "body",
  "headers",
  "count",
  "priority",
  "expiration",
  "content_type",
  "persistent",
];

/** Header names the envelope sets: a request may not override them. */
const RESERVED_HEADERS = new Set(["producer_id", "host"]);

/**
 * Checks a parsed JSON request body.
 *
 * @example
 * ```ts
 * parsePublishRequest({ exchange: "direct.exchange", routing_key: "work", body: "hi" }).count; // 1
 * ```
 */
export function parsePublishRequest(raw: unknown): PublishRequest {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new HttpError(400, "the request body must be a JSON object");
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!FIELDS.includes(key)) {
      throw new HttpError(400, `unknown field '${key}' (accepted: ${FIELDS.join(", ")})`);
    }
  }
  if (typeof r.exchange !== "string") {
    throw new HttpError(
      400,
      "'exchange' is required: the name of an existing exchange ('' for the default exchange)",
    );
  }
  if (r.routing_key !== undefined && typeof r.routing_key !== "string") {
    throw new HttpError(400, "'routing_key' must be a string");
  }
  const routingKey = (r.routing_key as string | undefined) ?? "";
  if (utf8Length(routingKey) > 255) {
    throw new HttpError(
      422,
      `'routing_key' is ${utf8Length(routingKey)} bytes in UTF-8; at most 255 are accepted`,
    );
  }
  const exchangeProblem = r.exchange === "" ? undefined : nameProblem("exchange", r.exchange);
  if (exchangeProblem) throw new HttpError(400, `'exchange': ${exchangeProblem}`);
  if (r.exchange === "" && routingKey === "") {
    throw new HttpError(
      400,
      "'routing_key' must name the queue when publishing to the default exchange ('')",
    );
  }
  if (typeof r.body !== "string") {
    throw new HttpError(400, "'body' is required and must be a string");
  }
  const bytes = new TextEncoder().encode(r.body).length;
  if (bytes > PUBLISH_LIMITS.bodyBytes) {
    throw new HttpError(
      413,
      `'body' is ${bytes} bytes; at most ${PUBLISH_LIMITS.bodyBytes} are accepted`,
    );
  }
  let count = 1;
  if (r.count !== undefined) {
    if (
      typeof r.count !== "number" || !Number.isInteger(r.count) || r.count < 1 ||
      r.count > PUBLISH_LIMITS.count
    ) {
      throw new HttpError(
        422,
        `'count' must be a whole number from 1 to ${PUBLISH_LIMITS.count}`,
      );
    }
    count = r.count;
  }
  return {
    exchange: r.exchange,
    routingKey,
    body: r.body,
    headers: parseHeaders(r.headers),
    count,
    ...parseProperties(r),
  };
}

/** The optional message properties: priority, expiration, content type, persistence. */
function parseProperties(
  r: Record<string, unknown>,
): Pick<PublishRequest, "priority" | "expirationMs" | "contentType" | "persistent"> {
  const wholeNumber = (field: string, max: number): number | undefined => {
    const value = r[field];
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
      throw new HttpError(422, `'${field}' must be a whole number from 0 to ${max}`);
    }
    return value;
  };
  const contentType = r.content_type ?? "text/plain";
  if (typeof contentType !== "string" || contentType === "" || utf8Length(contentType) > 255) {
    throw new HttpError(422, "'content_type' must be a MIME type of 1 to 255 bytes");
  }
  if (r.persistent !== undefined && typeof r.persistent !== "boolean") {
    throw new HttpError(422, "'persistent' must be true or false");
  }
  return {
    priority: wholeNumber("priority", 255),
    expirationMs: wholeNumber("expiration", MAX_TTL_MS),
    contentType,
    persistent: r.persistent ?? true,
  };
}

function parseHeaders(raw: unknown): Record<string, HeaderValue> {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new HttpError(400, "'headers' must be an object of string or number values");
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > PUBLISH_LIMITS.headers) {
    throw new HttpError(422, `'headers' may hold at most ${PUBLISH_LIMITS.headers} entries`);
  }
  const headers: Record<string, HeaderValue> = {};
  for (const [name, value] of entries) {
    if (RESERVED_HEADERS.has(name)) {
      throw new HttpError(422, `header '${name}' is set by the toolkit and cannot be given`);
    }
    if (name.length === 0 || utf8Length(name) > 255) {
      throw new HttpError(422, "header names must be 1 to 255 bytes in UTF-8");
    }
    if (typeof value === "string" && value.length <= 4096) headers[name] = value;
    else if (typeof value === "number" && Number.isFinite(value)) {
      headers[name] = exactHeaderNumber(name, value);
    } else {
      throw new HttpError(
        422,
        `header '${name}' must be a string (up to 4096 characters) or a finite number`,
      );
    }
  }
  return headers;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * A JSON number as a header value that goes on the wire unchanged, or a 422 naming the header.
 * amqp-client writes integers in (-2^32, 2^32) as int32 and other non-integers below 2^32 as
 * float32: so integers outside int32 go as `bigint` (int64), and a fraction is accepted only
 * when float32 holds it exactly (or it is large enough to go as a double).
 *
 * @example
 * ```ts
 * exactHeaderNumber("n", 3_000_000_000); // 3000000000n (sent as int64)
 * exactHeaderNumber("f", 0.5); // 0.5
 * exactHeaderNumber("f", 0.1); // throws HttpError(422): 0.1 is not exact as float32
 * ```
 */
export function exactHeaderNumber(name: string, value: number): number | bigint {
  if (Number.isInteger(value)) {
    if (value >= INT32_MIN && value <= INT32_MAX) return value;
    if (Number.isSafeInteger(value)) return BigInt(value);
    throw new HttpError(
      422,
      `header '${name}': ${value} is past the whole numbers JSON carries exactly ` +
        `(±${Number.MAX_SAFE_INTEGER}); send it as a string`,
    );
  }
  if (Math.abs(value) >= 2 ** 32 || Math.fround(value) === value) return value;
  throw new HttpError(
    422,
    `header '${name}': ${value} would arrive as ${Math.fround(value)} (AMQP float); ` +
      `send it as a string, or as a whole number`,
  );
}
