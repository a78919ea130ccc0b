/**
 * Messages in the toolkit's own words: the properties it sets and reads, and a delivered message
 * as a handler sees it. They describe exactly what `@cloudamqp/amqp-client` carries (its
 * properties and messages fit them), so the library face does not expose the client's types.
 */

/** A header value as AMQP tables carry it: text, numbers, booleans, bytes, tables, arrays. */
export type HeaderValue = string | boolean | bigint | number | undefined | null | object;

/** A message's AMQP properties (all optional). */
export interface MessageProperties {
  /** The body's MIME type, e.g. `application/json`. */
  contentType?: string;
  /** The body's encoding, e.g. `gzip`. */
  contentEncoding?: string;
  /** Application headers (also what a headers exchange routes on). */
  headers?: Record<string, HeaderValue>;
  /** 1 for transient messages, 2 for persistent ones. */
  deliveryMode?: number;
  /** 0 to 255, for priority queues. */
  priority?: number;
  /** For request and reply: the request this answers. */
  correlationId?: string;
  /** For request and reply: where to answer. */
  replyTo?: string;
  /** Milliseconds the message may wait in a queue, as text. */
  expiration?: string;
  /** The message's id (ours: a UUIDv7 that carries the send time). */
  messageId?: string;
  /** When it was made (second precision on the wire). */
  timestamp?: Date;
  /** An application's message type name. */
  type?: string;
  /** The user that published it (checked by the broker when set). */
  userId?: string;
  /** The publishing application's name. */
  appId?: string;
}

/**
 * The properties of a delivered message: all fourteen AMQP 0-9-1 defines, the cluster id too
 * (which no publish of ours sets).
 */
export interface DeliveredProperties extends MessageProperties {
  /** Deprecated by the specification; some clients (pika) still let a publisher set it. */
  clusterId?: string;
}

/** A message as a consumer's handler receives it. */
export interface DeliveredMessage {
  /** The exchange it was published to ("" for the default exchange). */
  readonly exchange: string;
  /** The routing key it was published with. */
  readonly routingKey: string;
  /** Its properties and headers. */
  readonly properties: DeliveredProperties;
  /** The body's bytes. */
  readonly body: Uint8Array | null;
  /** The body's size in bytes. */
  readonly bodySize: number;
  /** The broker's tag for it on this channel. */
  readonly deliveryTag: number;
  /** Whether the broker delivered it before (to this or another consumer). */
  readonly redelivered: boolean;
  /** The body decoded as UTF-8 text. */
  bodyToString(): string | null;
}
