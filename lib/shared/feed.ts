/** What the live message feed sends to viewers: browser-safe types. */

/** One message as a viewer sees it: envelope fields, and the body as (truncated) text. */
export interface FeedMessage {
  exchange: string;
  routingKey: string;
  /**
   * The sender: our envelope's, or the `producer_id` header of another client's message (the
   * pika demo stamps one); empty when its headers name none.
   */
  producerId: string;
  /** The sender's `host` header; empty when there is none. */
  host: string;
  seq: number | null;
  messageId: string;
  /**
   * Send time (Unix ms): our envelope's, else the `timestamp` property (whole seconds), else
   * when the feed received it.
   */
  timestamp: number;
  redelivered: boolean;
  body: string;
  /** Body size in bytes (the text may be truncated). */
  size: number;
}

/** A value as JSON carries it: header tables and arrays nested, bytes and wide numbers as text. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A message with everything a viewer may want to inspect: its properties and headers too. */
export interface InspectedMessage extends FeedMessage {
  /**
   * The AMQP properties that are set, every one of the fourteen 0-9-1 defines but headers
   * (content_type, content_encoding, delivery_mode, priority, correlation_id, reply_to,
   * expiration, message_id, timestamp, type, user_id, app_id, cluster_id), snake_case.
   */
  properties: Record<string, JsonValue>;
  /** The headers, as JSON (see {@linkcode JsonValue}). */
  headers: Record<string, JsonValue>;
  /**
   * Why some of its properties could not be read (those shown are the ones that could); absent
   * when every property was read.
   */
  problem?: string;
}

/** What viewers receive every batch interval while messages flow. */
export interface FeedBatch {
  /** Messages the tap received since the previous batch (all of them, shown or not). */
  count: number;
  /** The latest of them, at most `maxPerBatch`, with properties and headers. */
  messages: InspectedMessage[];
}
