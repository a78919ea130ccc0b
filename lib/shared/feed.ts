/** What the live message feed sends to viewers: browser-safe types. */

/** One message as a viewer sees it: envelope fields, and the body as (truncated) text. */
export interface FeedMessage {
  exchange: string;
  routingKey: string;
  /** Empty for a message without our envelope. */
  producerId: string;
  host: string;
  seq: number | null;
  messageId: string;
  /** Send time (Unix ms) when known, else when the feed received it. */
  timestamp: number;
  redelivered: boolean;
  body: string;
  /** Body size in bytes (the text may be truncated). */
  size: number;
}

/** What viewers receive every batch interval while messages flow. */
export interface FeedBatch {
  /** Messages the tap received since the previous batch (all of them, shown or not). */
  count: number;
  /** The latest of them, at most `maxPerBatch`. */
  messages: FeedMessage[];
}
