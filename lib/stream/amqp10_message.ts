/**
 * Stream messages are AMQP 1.0 messages. This module writes the toolkit's envelope as one
 * (properties: message-id, content-type, creation-time; application-properties: producer_id,
 * host and any `--header`; a data section for the body), so AMQP 0-9-1 readers of the same
 * stream see the usual properties and headers, and reads any AMQP 1.0 message back into the
 * properties the consumer tallies. Everything constant is encoded once: a message is the
 * template with its message id and creation time patched in.
 */
import type { MessageProperties } from "../messaging/message_types.ts";
import { RunMessageIdWriter } from "../messaging/run_message_id.ts";

const UTF8 = new TextEncoder();
const TEXT = new TextDecoder();
/** Length of a run message id (see `run_message_id.ts`). */
const ID_LENGTH = 36;

/** What is the same in every message of a run. */
export interface StreamEnvelopeOptions {
  producerId: string;
  host: string;
  runId: string;
  contentType: string;
  /** More application properties, the same on every message. */
  extraHeaders?: Record<string, string>;
  body: Uint8Array;
}

/**
 * Encodes the run's messages: the template holds everything, `write` patches message id and
 * creation time.
 *
 * @example
 * ```ts
 * const t = new StreamMessageTemplate({ producerId: "ana", host: "box", runId: "3f9a1b2c4d",
 *   contentType: "text/plain", body: new TextEncoder().encode("hi") });
 * const out = new Uint8Array(t.length);
 * t.write(out, 0, 1, Date.now());
 * ```
 */
export class StreamMessageTemplate {
  readonly #template: Uint8Array;
  readonly #ids: RunMessageIdWriter;
  /** Where the message id's 36 characters start. */
  readonly #idAt: number;
  /** Where the creation time's 8 bytes start. */
  readonly #timeAt: number;

  constructor(options: StreamEnvelopeOptions) {
    this.#ids = new RunMessageIdWriter(options.runId);
    const contentType = UTF8.encode(options.contentType);
    const properties = concat(
      [0xa1, ID_LENGTH],
      new Uint8Array(ID_LENGTH),
      [0x40, 0x40, 0x40, 0x40, 0x40], // user-id, to, subject, reply-to, correlation-id
      smallString(0xa3, contentType),
      [0x40, 0x40], // content-encoding, absolute-expiry-time
      [0x83, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    const headers = {
      ...options.extraHeaders,
      producer_id: options.producerId,
      host: options.host,
    };
    const pairs = Object.entries(headers).flatMap(([k, v]) => [utf8Value(k), utf8Value(v)]);
    const sections = [
      section(0x73, compound(0xc0, 0xd0, properties, 10)),
      section(0x74, compound(0xc1, 0xd1, concat(...pairs), pairs.length)),
      section(0x75, binary(options.body)),
    ];
    this.#template = concat(...sections);
    // The properties section: descriptor (3), list header (3 or 9), then str8's two bytes.
    const listHeader = sections[0][3] === 0xc0 ? 3 : 9;
    this.#idAt = 3 + listHeader + 2;
    this.#timeAt = sections[0].length - 8;
  }

  /** Bytes in each message. */
  get length(): number {
    return this.#template.length;
  }

  /** Writes message `seq` (sent at `sentAtMs`) into `out` at `at`. */
  write(out: Uint8Array, at: number, seq: number, sentAtMs: number): void {
    out.set(this.#template, at);
    this.#ids.write(out, at + this.#idAt, seq, sentAtMs);
    const t = at + this.#timeAt;
    const high = Math.floor(sentAtMs / 0x1_0000_0000);
    const low = sentAtMs >>> 0;
    out[t] = high >>> 24;
    out[t + 1] = high >>> 16;
    out[t + 2] = high >>> 8;
    out[t + 3] = high;
    out[t + 4] = low >>> 24;
    out[t + 5] = low >>> 16;
    out[t + 6] = low >>> 8;
    out[t + 7] = low;
  }
}

/** A message read from a stream: its properties (as over AMQP 0-9-1) and its body. */
export interface StreamMessage {
  properties: MessageProperties;
  body: Uint8Array;
}

/**
 * Reads an AMQP 1.0 message (any sections, any value types); throws a `RangeError` for bytes
 * that are not one. Values the properties cannot hold are left out.
 *
 * @example
 * ```ts
 * readStreamMessage(new Uint8Array([0x00, 0x53, 0x75, 0xa0, 1, 0x41])).body; // [0x41]
 * ```
 */
export function readStreamMessage(bytes: Uint8Array, at = 0, end = bytes.length): StreamMessage {
  const r = new ValueReader(bytes, at, end);
  const properties: MessageProperties = {};
  let body: Uint8Array = new Uint8Array(0);
  while (r.at < end) {
    if (r.u8() !== 0x00) throw new RangeError("not an AMQP 1.0 message section");
    const code = r.descriptor();
    if (code === 0x73) readProperties(r, properties);
    else if (code === 0x74) properties.headers = r.value() as MessageProperties["headers"];
    else if (code === 0x75) body = r.value() as Uint8Array;
    else if (code === 0x77) {
      const value = r.value();
      body = value instanceof Uint8Array ? value : UTF8.encode(String(value));
    } else r.value(); // header, annotations, footer: not part of the envelope
  }
  return { properties, body };
}

function readProperties(r: ValueReader, props: MessageProperties): void {
  const fields = r.value();
  if (!Array.isArray(fields)) return;
  const [messageId, , , , , correlationId, contentType, contentEncoding, , creationTime] = fields;
  if (messageId !== undefined && messageId !== null) props.messageId = String(messageId);
  if (typeof correlationId === "string") props.correlationId = correlationId;
  if (typeof contentType === "string") props.contentType = contentType;
  if (typeof contentEncoding === "string") props.contentEncoding = contentEncoding;
  if (creationTime instanceof Date) props.timestamp = creationTime;
}

/** Reads AMQP 1.0 values, checking every length against the message's end. */
class ValueReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  at: number;
  readonly #end: number;

  constructor(bytes: Uint8Array, at: number, end: number) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = at;
    this.#end = end;
  }

  #take(n: number): number {
    const at = this.at;
    if (n < 0 || at + n > this.#end) throw new RangeError("AMQP 1.0 value ends early");
    this.at = at + n;
    return at;
  }

  u8(): number {
    return this.#bytes[this.#take(1)];
  }

  /** A section's descriptor code (a small ulong, or a ulong; symbols read as -1). */
  descriptor(): number {
    const value = this.value();
    return typeof value === "number" ? value : -1;
  }

  value(): unknown {
    const type = this.u8();
    const v = this.#view;
    switch (type) {
      case 0x40:
        return null;
      case 0x41:
        return true;
      case 0x42:
        return false;
      case 0x43:
      case 0x44:
        return 0;
      case 0x45:
        return [];
      case 0x50:
      case 0x52:
      case 0x53:
        return this.u8();
      case 0x51:
      case 0x54:
      case 0x55:
        return v.getInt8(this.#take(1));
      case 0x56:
        return this.u8() !== 0;
      case 0x60:
        return v.getUint16(this.#take(2));
      case 0x61:
        return v.getInt16(this.#take(2));
      case 0x70:
        return v.getUint32(this.#take(4));
      case 0x71:
        return v.getInt32(this.#take(4));
      case 0x72:
        return v.getFloat32(this.#take(4));
      case 0x80:
        return Number(v.getBigUint64(this.#take(8)));
      case 0x81:
        return Number(v.getBigInt64(this.#take(8)));
      case 0x82:
        return v.getFloat64(this.#take(8));
      case 0x83:
        return new Date(Number(v.getBigInt64(this.#take(8))));
      case 0x98:
        return uuidText(this.#bytes, this.#take(16));
      case 0xa0:
        return this.#slice(this.u8());
      case 0xb0:
        return this.#slice(v.getUint32(this.#take(4)));
      case 0xa1:
      case 0xa3:
        return TEXT.decode(this.#slice(this.u8()));
      case 0xb1:
      case 0xb3:
        return TEXT.decode(this.#slice(v.getUint32(this.#take(4))));
      case 0xc0:
      case 0xc1:
        return this.#compound(type === 0xc1, this.u8(), 1);
      case 0xd0:
      case 0xd1:
        return this.#compound(type === 0xd1, v.getUint32(this.#take(4)), 4);
      case 0x00: {
        this.value(); // descriptor
        return this.value();
      }
      default:
        return this.#skipOther(type);
    }
  }

  #slice(n: number): Uint8Array {
    const at = this.#take(n);
    return this.#bytes.slice(at, at + n);
  }

  #compound(isMap: boolean, size: number, width: number): unknown {
    const end = this.at + size;
    if (end > this.#end) throw new RangeError("AMQP 1.0 value ends early");
    const count = width === 1 ? this.u8() : this.#view.getUint32(this.#take(4));
    const items: unknown[] = [];
    for (let i = 0; i < count && this.at < end; i++) items.push(this.value());
    this.at = end;
    if (!isMap) return items;
    const map: Record<string, unknown> = {};
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = items[i];
      if (typeof key === "string" && key !== "__proto__") map[key] = items[i + 1];
    }
    return map;
  }

  /** Types the envelope never holds (char, decimals, arrays): skipped by their width. */
  #skipOther(type: number): undefined {
    const width = type >> 4;
    if (width === 0x7) this.#take(4);
    else if (width === 0x8) this.#take(8);
    else if (width === 0x9) this.#take(16);
    else if (width === 0xe) this.#take(this.u8());
    else if (width === 0xf) this.#take(this.#view.getUint32(this.#take(4)));
    else throw new RangeError(`unknown AMQP 1.0 type 0x${type.toString(16)}`);
    return undefined;
  }
}

function uuidText(bytes: Uint8Array, at: number): string {
  const hex = Array.from(bytes.subarray(at, at + 16), (b) => b.toString(16).padStart(2, "0"))
    .join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function smallString(type: number, bytes: Uint8Array): Uint8Array {
  if (bytes.length > 255) throw new RangeError("a symbol of more than 255 bytes");
  return concat([type, bytes.length], bytes);
}

/** A UTF-8 string value: str8, or str32 when longer than 255 bytes. */
function utf8Value(text: string): Uint8Array {
  const bytes = UTF8.encode(text);
  if (bytes.length <= 255) return smallString(0xa1, bytes);
  return concat([0xb1], u32(bytes.length), bytes);
}

function binary(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= 255) return concat([0xa0, bytes.length], bytes);
  return concat([0xb0], u32(bytes.length), bytes);
}

/** A list or map of `count` items: the 1-byte form when it fits, else the 4-byte one. */
function compound(small: number, large: number, items: Uint8Array, count: number): Uint8Array {
  if (items.length + 1 <= 255 && count <= 255) {
    return concat([small, items.length + 1, count], items);
  }
  return concat([large], u32(items.length + 4), u32(count), items);
}

function section(code: number, value: Uint8Array): Uint8Array {
  return concat([0x00, 0x53, code], value);
}

function u32(n: number): number[] {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}
