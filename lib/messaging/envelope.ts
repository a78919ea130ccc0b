/**
 * The message envelope: what every message we publish carries besides its body, and how a
 * consumer reads it back (or recognises a message from another client).
 *
 * Two headers (`producer_id`, `host`) and the message id: a UUIDv8 that holds the send time in
 * milliseconds (the `timestamp` property has second precision only), the run id and the
 * message's sequence number (see `run_message_id.ts`), so latency and duplicate detection need
 * no more headers.
 */
import type { MessageProperties } from "./message_types.ts";
import { newRunId, readRunMessageId, runMessageId } from "./run_message_id.ts";

/** Constant parts of the envelope for one producer run. */
export interface EnvelopeOptions {
  /** Who publishes: the `producer_id` header. */
  producerId: string;
  /** Where it publishes from: the `host` header. */
  host: string;
  /**
   * One id per run, so sequence numbers of two runs never collide: 10 lowercase hex digits
   * (`newRunId()`, the default), carried in every message id.
   */
  runId?: string;
  /** The body's MIME type. */
  contentType: string;
  /** Persistent messages (delivery_mode 2). */
  persistent: boolean;
  /** Message priority, when the queues are priority queues. */
  priority?: number;
  /** Each message expires after this many ms in a queue (the `expiration` property). */
  expirationMs?: number;
  /** More headers, the same on every message. */
  extraHeaders?: Record<string, string | number | bigint>;
}

/** What a consumer reads from one of our messages. */
export interface Envelope {
  /** The message id (it carries the send time, run id and sequence number). */
  messageId: string;
  /** The `producer_id` header. */
  producerId: string;
  /** The `host` header. */
  host: string;
  /** The message's number in its run, from 1. */
  seq: number;
  /** The run it belongs to. */
  runId: string;
  /** Send time in Unix milliseconds (from the message id). */
  sentAtMs: number;
}

/**
 * Makes the properties for message `seq` of a run. The returned function reuses one properties
 * object (only the per-message fields change), which is safe because `basicPublish` encodes the
 * properties before it returns; it keeps the publish loop free of per-message allocations.
 * Throws a `RangeError` for a run id a message id cannot carry, and, from the returned
 * function, for a `seq` outside 1 to `MAX_SEQ`.
 *
 * @example
 * ```ts
 * const next = envelopeFactory({ producerId: "ana", host: "box", runId: "3f9a1b2c4d",
 *   contentType: "text/plain", persistent: true });
 * const props = next(1); // props.messageId === "…-8xxx-8xxx-xxxx00000001"
 * ```
 */
export function envelopeFactory(options: EnvelopeOptions): (seq: number) => MessageProperties {
  const headers = {
    ...options.extraHeaders,
    producer_id: options.producerId,
    host: options.host,
  };
  const runId = options.runId ?? newRunId();
  runMessageId({ sentAtMs: 0, runId, seq: 1 }); // refuses a bad run id now, not at message 1
  const props: MessageProperties = {
    contentType: options.contentType,
    deliveryMode: options.persistent ? 2 : 1,
    headers,
    messageId: "",
    timestamp: new Date(0),
  };
  if (options.priority !== undefined) props.priority = options.priority;
  if (options.expirationMs !== undefined) props.expiration = String(options.expirationMs);
  let second = -1;
  return (seq: number) => {
    const now = Date.now();
    props.messageId = runMessageId({ sentAtMs: now, runId, seq });
    // The timestamp property has second precision: make a new Date only when the second changes.
    const s = Math.floor(now / 1000);
    if (s !== second) {
      second = s;
      props.timestamp = new Date(s * 1000);
    }
    return props;
  };
}

/**
 * Reads our envelope from a message's properties; `undefined` for a foreign message: one
 * without a `producer_id` header that is a string, or whose message id does not carry a run and
 * a sequence number. Never throws, whatever the input.
 *
 * @example
 * ```ts
 * readEnvelope({ headers: { producer_id: "pika" }, messageId: "42" }); // undefined: foreign
 * ```
 */
export function readEnvelope(props: MessageProperties | undefined): Envelope | undefined {
  const headers = props?.headers;
  if (!headers || typeof headers !== "object") return undefined;
  const { producer_id, host } = headers as Record<string, unknown>;
  if (typeof producer_id !== "string") return undefined;
  const messageId = typeof props?.messageId === "string" ? props.messageId : "";
  const place = readRunMessageId(messageId);
  if (!place) return undefined;
  return {
    messageId,
    producerId: producer_id,
    host: typeof host === "string" ? host : "",
    seq: place.seq,
    runId: place.runId,
    sentAtMs: place.sentAtMs,
  };
}

/**
 * Who sent a message, by the `producer_id` and `host` headers: our envelope's, and those the
 * pika demo's producer stamps on its messages (with its own message ids and timestamps).
 */
export interface Sender {
  /** The `producer_id` header. */
  producerId: string;
  /** The `host` header ("" when there is none, or it is not a string). */
  host: string;
}

/**
 * The sender a message's headers name, ours or another client's; `undefined` without a
 * `producer_id` header that is a string. Never throws, whatever the input.
 *
 * @example
 * ```ts
 * readSender({ headers: { producer_id: "pika-user", host: "laptop" } });
 * // { producerId: "pika-user", host: "laptop" }
 * ```
 */
export function readSender(props: MessageProperties | undefined): Sender | undefined {
  const headers = props?.headers;
  if (!headers || typeof headers !== "object") return undefined;
  const { producer_id, host } = headers as Record<string, unknown>;
  if (typeof producer_id !== "string") return undefined;
  return { producerId: producer_id, host: typeof host === "string" ? host : "" };
}
