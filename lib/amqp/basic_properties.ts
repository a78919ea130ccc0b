/**
 * Decodes the basic properties of a content header: all fourteen AMQP 0-9-1 defines, without
 * trusting a length and without ever throwing.
 *
 * amqp-client 4.1.1's decoder (`AMQPView.getProperties`) knows thirteen: it skips cluster-id
 * (flag 0x0004), so it reports a length short of the real one, and its frame parser then reads
 * the rest of the frame as a new frame and throws. A message someone published with a
 * cluster-id (pika's `BasicProperties(cluster_id=…)`) broke every basic.get of its queue and
 * closed the connection it was read on. Here every field is read in the order of its flag,
 * each length checked against the bytes there are; what cannot be read is said in `problem`,
 * and whatever could be read is kept.
 */
import { type AMQPProperties, AMQPView } from "../deps.ts";
import { PropertyFlag } from "./wire/mod.ts";

/** Every basic property of AMQP 0-9-1: amqp-client's thirteen and the cluster id. */
export type BasicProperties = AMQPProperties & {
  /** Deprecated by the specification ("intra-cluster routing"); some clients still set it. */
  clusterId?: string;
};

/** What {@linkcode decodeBasicProperties} read, and why it stopped short when it did. */
export interface DecodedProperties {
  /** Every property that could be read. */
  properties: BasicProperties;
  /** Why some of them could not be read (undefined when all were). */
  problem?: string;
}

/** Flags of the short-string properties, by name, where their flag says they sit. */
type ShortStringName =
  | "contentType"
  | "contentEncoding"
  | "correlationId"
  | "replyTo"
  | "expiration"
  | "messageId"
  | "type"
  | "userId"
  | "appId"
  | "clusterId";

/** The fields in wire order: flag bit, property name, and how its value is encoded. */
const FIELDS: readonly [number, keyof BasicProperties, "short" | "table" | "octet" | "time"][] = [
  [PropertyFlag.CONTENT_TYPE, "contentType", "short"],
  [PropertyFlag.CONTENT_ENCODING, "contentEncoding", "short"],
  [PropertyFlag.HEADERS, "headers", "table"],
  [PropertyFlag.DELIVERY_MODE, "deliveryMode", "octet"],
  [PropertyFlag.PRIORITY, "priority", "octet"],
  [PropertyFlag.CORRELATION_ID, "correlationId", "short"],
  [PropertyFlag.REPLY_TO, "replyTo", "short"],
  [PropertyFlag.EXPIRATION, "expiration", "short"],
  [PropertyFlag.MESSAGE_ID, "messageId", "short"],
  [PropertyFlag.TIMESTAMP, "timestamp", "time"],
  [PropertyFlag.TYPE, "type", "short"],
  [PropertyFlag.USER_ID, "userId", "short"],
  [PropertyFlag.APP_ID, "appId", "short"],
  [PropertyFlag.CLUSTER_ID, "clusterId", "short"],
];

/** Flag bits 0-9-1 leaves unused: 0x0002 is reserved, 0x0001 says more flag words follow. */
const UNDEFINED_FLAGS = 0x0003;

/** Property names as the specification and most clients (pika, the management UI) spell them. */
export const PROPERTY_WIRE_NAMES: Readonly<Record<keyof BasicProperties, string>> = {
  contentType: "content_type",
  contentEncoding: "content_encoding",
  headers: "headers",
  deliveryMode: "delivery_mode",
  priority: "priority",
  correlationId: "correlation_id",
  replyTo: "reply_to",
  expiration: "expiration",
  messageId: "message_id",
  timestamp: "timestamp",
  type: "type",
  userId: "user_id",
  appId: "app_id",
  clusterId: "cluster_id",
};

const decoder = new TextDecoder();

/**
 * The properties encoded in `raw` (flags, then the fields they announce), decoded as amqp-client
 * decodes the thirteen it knows (headers by its table decoder, so values keep the types its
 * users expect) plus the cluster id. Never throws: a truncated field, a header table amqp-client
 * cannot read or an undefined flag ends in `problem`, with the fields read until then (and the
 * fields after an unreadable header table, whose length is known).
 *
 * @example
 * ```ts
 * // flags: delivery-mode and cluster-id; then 2, then "cl"
 * decodeBasicProperties(new Uint8Array([0x10, 0x04, 2, 2, 0x63, 0x6c]));
 * // { properties: { deliveryMode: 2, clusterId: "cl" } }
 * ```
 */
export function decodeBasicProperties(raw: Uint8Array): DecodedProperties {
  const properties: BasicProperties = {};
  if (raw.length < 2) return { properties, problem: "the property flags are truncated" };
  const flags = (raw[0] << 8) | raw[1];
  if (flags & UNDEFINED_FLAGS) {
    const hex = flags.toString(16).padStart(4, "0");
    return {
      properties,
      problem: `the property flags 0x${hex} set bits AMQP 0-9-1 does not define`,
    };
  }
  const problems: string[] = [];
  let pos = 2;
  for (const [flag, name, kind] of FIELDS) {
    if (!(flags & flag)) continue;
    const wire = PROPERTY_WIRE_NAMES[name];
    const size = kind === "octet" ? 1 : kind === "time" ? 8 : kind === "short" ? 1 : 4;
    if (pos + size > raw.length) {
      problems.push(`${wire} is truncated`);
      break;
    }
    if (kind === "octet") {
      (properties as Record<string, unknown>)[name] = raw[pos];
      pos += 1;
    } else if (kind === "time") {
      const view = new DataView(raw.buffer, raw.byteOffset + pos, 8);
      properties.timestamp = new Date(Number(view.getBigInt64(0)) * 1000);
      pos += 8;
    } else if (kind === "short") {
      const end = pos + 1 + raw[pos];
      if (end > raw.length) {
        problems.push(`${wire} is truncated`);
        break;
      }
      properties[name as ShortStringName] = decoder.decode(raw.subarray(pos + 1, end));
      pos = end;
    } else {
      const length = new DataView(raw.buffer, raw.byteOffset + pos, 4).getUint32(0);
      const end = pos + 4 + length;
      if (end > raw.length) {
        problems.push("the header table is truncated");
        break;
      }
      const table = readTable(raw, pos, end);
      if (typeof table === "string") problems.push(table);
      else properties.headers = table;
      pos = end;
    }
  }
  return problems.length ? { properties, problem: problems.join("; ") } : { properties };
}

/**
 * The header table from `pos` (its length) to `end`, read by amqp-client from a copy of just
 * those bytes (its string reads are bounded by the buffer, not the view), or why it could not
 * be read.
 */
function readTable(raw: Uint8Array, pos: number, end: number): AMQPProperties["headers"] | string {
  try {
    return new AMQPView(raw.slice(pos, end).buffer).getTable(0)[0];
  } catch (error) {
    const why = error instanceof RangeError
      ? "a header runs past the end of the table"
      : error instanceof Error
      ? error.message
      : String(error);
    return `the header table could not be read (${why})`;
  }
}
