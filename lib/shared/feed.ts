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
  /** The AMQP properties that are set (content_type, delivery_mode, priority, …), snake_case. */
  properties: Record<string, JsonValue>;
  /** The headers, as JSON (see {@linkcode JsonValue}). */
  headers: Record<string, JsonValue>;
}

/** What viewers receive every batch interval while messages flow. */
export interface FeedBatch {
  /** Messages the tap received since the previous batch (all of them, shown or not). */
  count: number;
  /** The latest of them, at most `maxPerBatch`, with properties and headers. */
  messages: InspectedMessage[];
}
