/**
 * Bodies as a service sends and reads them: a value sent as JSON (bytes pass as they are), and
 * a delivered body read back as JSON. A body that does not read is an error of kind `invalid`,
 * which a consumer dead-letters at once: reading it again will not help.
 */
import type { DeliveredMessage } from "../messaging/mod.ts";
import { messageOf } from "../_util/mod.ts";
import { MessagingError } from "./messaging_error.ts";

/** The content type of a JSON body. */
export const JSON_CONTENT_TYPE = "application/json";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The bytes of `body`, and the content type they have: a `Uint8Array` as it is; with `json`,
 * anything else as JSON; without, a string as UTF-8 text.
 *
 * @example
 * ```ts
 * encodeBody({ id: 7 }, true); // { bytes: '{"id":7}' as UTF-8, contentType: "application/json" }
 * encodeBody("hi", false); // { bytes: "hi" as UTF-8, contentType: "text/plain" }
 * ```
 */
export function encodeBody(
  body: unknown,
  json: boolean,
): { bytes: Uint8Array; contentType?: string } {
  if (body instanceof Uint8Array) return { bytes: body };
  if (!json) {
    if (typeof body === "string") return { bytes: encoder.encode(body), contentType: "text/plain" };
    throw new MessagingError(
      "invalid",
      `a publisher without json sends bytes or text, not ${typeof body}`,
    );
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new MessagingError("invalid", `the body cannot be sent as JSON: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (text === undefined) {
    throw new MessagingError("invalid", `the body cannot be sent as JSON (${typeof body})`);
  }
  return { bytes: encoder.encode(text), contentType: JSON_CONTENT_TYPE };
}

/**
 * A delivered body read as JSON; throws a {@linkcode MessagingError} of kind `invalid` when it
 * is not UTF-8 JSON.
 *
 * @example
 * ```ts
 * decodeJsonBody<{ id: number }>(message).id; // 7
 * ```
 */
export function decodeJsonBody<T>(message: Pick<DeliveredMessage, "body">): T {
  try {
    return JSON.parse(decoder.decode(message.body ?? new Uint8Array(0))) as T;
  } catch (error) {
    throw new MessagingError("invalid", `the body is not JSON: ${messageOf(error)}`, {
      cause: error,
    });
  }
}
