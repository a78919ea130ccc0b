/**
 * A delivered message as the monitor shows it: envelope fields and a body preview for the live
 * feed, plus every property and header (made JSON-safe) when a message is inspected.
 */
import type { AMQPMessage } from "@cloudamqp/amqp-client";
import {
  type BasicProperties,
  headerTableOf,
  propertiesProblemOf,
  PROPERTY_WIRE_NAMES,
  propertyOffsets,
  SafeAmqpClient,
} from "../amqp/mod.ts";
import { readEnvelope, readSender } from "../messaging/mod.ts";
import type { FeedMessage, InspectedMessage, JsonValue } from "../shared/mod.ts";
import { exactTable, exactTimestamp, hexOf } from "./exact_fields.ts";

const decoder = new TextDecoder();

/**
 * The feed's view of a message: envelope fields and the first `maxBodyBytes` of the body as
 * text. Another client's message shows the sender its headers name (`producer_id`, `host`, as
 * the pika demo stamps them; empty when they name none) and the send time of its `timestamp`
 * property; it has no sequence number.
 *
 * @example
 * ```ts
 * feedMessageOf(msg, 1024).seq; // 7, or null for a message without our envelope
 * ```
 */
export function feedMessageOf(msg: AMQPMessage, maxBodyBytes: number): FeedMessage {
  const envelope = readEnvelope(msg.properties);
  const sender = envelope ?? readSender(msg.properties);
  const bytes = msg.body ?? new Uint8Array(0);
  return {
    exchange: msg.exchange,
    routingKey: msg.routingKey,
    producerId: sender?.producerId ?? "",
    host: sender?.host ?? "",
    seq: envelope?.seq ?? null,
    messageId: typeof msg.properties.messageId === "string" ? msg.properties.messageId : "",
    timestamp: envelope?.sentAtMs ?? sentAtOf(msg.properties.timestamp) ?? Date.now(),
    redelivered: msg.redelivered,
    body: decoder.decode(bytes.subarray(0, maxBodyBytes)),
    size: bytes.length,
  };
}

/** A `timestamp` property as Unix ms, when it is a real date. */
function sentAtOf(timestamp: unknown): number | undefined {
  if (!(timestamp instanceof Date)) return undefined;
  const ms = timestamp.getTime();
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/**
 * The feed's view plus every property and header, JSON-safe, for inspecting one message; with
 * the `problem` when some of its properties could not be read.
 *
 * @example
 * ```ts
 * inspectedMessageOf(msg, 4096).headers["x-death"]; // [{ reason: "expired", ... }]
 * ```
 */
export function inspectedMessageOf(msg: AMQPMessage, maxBodyBytes: number): InspectedMessage {
  const { headers, ...properties } = msg.properties as BasicProperties;
  const view: InspectedMessage = {
    ...feedMessageOf(msg, maxBodyBytes),
    properties: propertiesOf(properties),
    headers: headers ? (jsonValueOf(headers) as Record<string, JsonValue>) : {},
  };
  const problem = propertiesProblemOf(msg);
  if (problem) view.problem = problem;
  return withExactFields(view, rawPropertiesOf(msg));
}

/** The properties as the broker sent them, where our client kept them. */
function rawPropertiesOf(msg: AMQPMessage): Uint8Array | undefined {
  const client = msg.channel.connection;
  return client instanceof SafeAmqpClient ? client.rawPropertiesOf(msg) : undefined;
}

/**
 * Headers and timestamp read exactly from the encoded properties (see `exact_fields.ts`);
 * where they cannot be read, amqp-client's decoding stays.
 */
function withExactFields(view: InspectedMessage, raw: Uint8Array | undefined): InspectedMessage {
  if (!raw) return view;
  try {
    const table = headerTableOf(raw);
    if (table) view.headers = exactTable(table);
    const at = propertyOffsets(raw).timestamp;
    if (at !== undefined) {
      const seconds = new DataView(raw.buffer, raw.byteOffset + at, 8).getBigUint64(0);
      view.properties.timestamp = exactTimestamp(seconds);
    }
  } catch {
    // A table the exact reader refuses: the decoded properties' reading of it stays.
  }
  return view;
}

/** The properties that are set, named as the specification, pika and the management UI do. */
function propertiesOf(properties: Omit<BasicProperties, "headers">): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    out[PROPERTY_WIRE_NAMES[key as keyof BasicProperties] ?? key] = jsonValueOf(value);
  }
  return out;
}

/**
 * A header or property value as JSON: numbers beyond 2^53 and other bigints as decimal text,
 * dates as ISO text, bytes as hex (the first 64), tables and arrays nested.
 *
 * @example
 * ```ts
 * jsonValueOf(2n ** 60n); // "1152921504606846976"
 * jsonValueOf(new Uint8Array([0, 255])); // "0x00ff"
 * ```
 */
export function jsonValueOf(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "invalid date" : value.toISOString();
  }
  if (value instanceof Uint8Array) return hexOf(value);
  if (Array.isArray(value)) return value.map(jsonValueOf);
  if (typeof value === "object") {
    const out: Record<string, JsonValue> = Object.create(null); // "__proto__" is a plain key
    for (const [key, inner] of Object.entries(value)) out[key] = jsonValueOf(inner);
    return out;
  }
  return String(value);
}
