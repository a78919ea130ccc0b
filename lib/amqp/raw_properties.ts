/**
 * Encoded AMQP basic properties, edited without decoding them: a retry or dead-letter copy of a
 * message carries every property and header exactly as the broker delivered it (64-bit
 * integers, floats, decimals, timestamps out of range, strings that are not UTF-8), with only
 * the headers we set added or replaced.
 *
 * Decoding and re-encoding through amqp-client would not: it writes integers in [2^31, 2^32) as
 * signed int32, every non-integer as float32, and reads 64-bit integers into doubles.
 */
import { type AMQPProperties, AMQPView } from "../deps.ts";
import { PropertyFlag } from "./wire/mod.ts";

const {
  CONTENT_TYPE,
  CONTENT_ENCODING,
  HEADERS,
  DELIVERY_MODE,
  PRIORITY,
  CORRELATION_ID,
  REPLY_TO,
  EXPIRATION,
  MESSAGE_ID,
  TIMESTAMP,
} = PropertyFlag;

/** Bytes of a field value whose size is fixed, by type tag (RabbitMQ's table types). */
const FIXED_SIZE: Record<string, number> = {
  t: 1,
  b: 1,
  B: 1,
  s: 2,
  u: 2,
  I: 4,
  i: 4,
  f: 4,
  l: 8,
  d: 8,
  T: 8,
  D: 5,
  V: 0,
};
/** Types whose value is a 32-bit length followed by that many bytes. */
const LENGTH_PREFIXED = new Set(["S", "x", "A", "F"]);

/** Encoded properties could not be read (truncated, or a field type AMQP does not define). */
export class RawPropertiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RawPropertiesError";
  }
}

/** A header we add to a copy: a string (long string `S`) or a safe integer (int64 `l`). */
export type AddedHeader = string | number;

const encoder = new TextEncoder();

/**
 * The properties with `headers` set in their header table (added, or replacing an entry of the
 * same name), every other byte as it was.
 *
 * @example
 * ```ts
 * const raw = new Uint8Array([0, 0]); // no properties at all
 * const copy = withHeaders(raw, { "x-retries": 1 });
 * // copy: flags 0x2000, then a table holding x-retries as int64 1
 * ```
 */
export function withHeaders(raw: Uint8Array, headers: Record<string, AddedHeader>): Uint8Array {
  const { flags, tableStart } = readFlags(raw);
  let pos = tableStart;
  const kept: Uint8Array[] = [];
  if (flags & HEADERS) {
    const length = readLength(raw, pos);
    pos += 4;
    const end = pos + length;
    if (end > raw.length) throw new RawPropertiesError("the header table is truncated");
    while (pos < end) {
      const entryStart = pos;
      const nameLength = raw[pos];
      const name = raw.subarray(pos + 1, pos + 1 + nameLength);
      pos = skipField(raw, pos + 1 + nameLength);
      if (pos > end) throw new RawPropertiesError("a header runs past the end of its table");
      // Own names only: a foreign header called "constructor" is not one of ours.
      if (!Object.hasOwn(headers, decodeName(name))) kept.push(raw.subarray(entryStart, pos));
    }
  }
  const added = Object.entries(headers).map(([name, value]) => encodeEntry(name, value));
  const entries = [...kept, ...added];
  const tableLength = entries.reduce((sum, e) => sum + e.length, 0);
  const rest = raw.subarray(pos);
  const out = new Uint8Array(tableStart + 4 + tableLength + rest.length);
  out.set(raw.subarray(0, tableStart));
  const outView = new DataView(out.buffer);
  outView.setUint16(0, flags | HEADERS);
  outView.setUint32(tableStart, tableLength);
  let at = tableStart + 4;
  for (const entry of entries) {
    out.set(entry, at);
    at += entry.length;
  }
  out.set(rest, at);
  return out;
}

/** Largest encoded properties {@linkcode encodeProperties} makes (no frame carries more). */
const MAX_PROPERTIES_BYTES = 1024 * 1024;

/**
 * Encodes basic properties the way amqp-client's `basicPublish` does, once, for a template
 * that is copied into every publish.
 *
 * @example
 * ```ts
 * encodeProperties({ deliveryMode: 2 }); // Uint8Array [0x10, 0x00, 2]
 * ```
 */
export function encodeProperties(properties: AMQPProperties): Uint8Array {
  const view = new AMQPView(new ArrayBuffer(MAX_PROPERTIES_BYTES));
  const length = view.setProperties(0, properties);
  return new Uint8Array(view.buffer.slice(0, length));
}

/** Where fields of encoded properties start: the byte after a short string's length byte. */
export interface PropertyOffsets {
  /** The first byte of the message id's text. */
  messageId?: number;
  /** The timestamp's 8 bytes (Unix seconds). */
  timestamp?: number;
}

/**
 * Where the message id and the timestamp sit in encoded properties, for a template that
 * patches them per message; absent fields have no offset.
 *
 * @example
 * ```ts
 * // flags: message-id and timestamp; "ab" then 8 bytes of seconds
 * propertyOffsets(new Uint8Array([0x00, 0xc0, 2, 97, 98, 0, 0, 0, 0, 0, 0, 0, 1]));
 * // { messageId: 3, timestamp: 5 }
 * ```
 */
export function propertyOffsets(raw: Uint8Array): PropertyOffsets {
  const { flags, tableStart } = readFlags(raw);
  let pos = tableStart;
  if (flags & HEADERS) pos += 4 + readLength(raw, pos);
  if (flags & DELIVERY_MODE) pos += 1;
  if (flags & PRIORITY) pos += 1;
  for (const flag of [CORRELATION_ID, REPLY_TO, EXPIRATION]) {
    if (flags & flag) pos = skipShortString(raw, pos);
  }
  const offsets: PropertyOffsets = {};
  if (flags & MESSAGE_ID) {
    offsets.messageId = pos + 1;
    pos = skipShortString(raw, pos);
  }
  if (flags & TIMESTAMP) offsets.timestamp = pos;
  return offsets;
}

/**
 * The encoded header table's entries (without its length), or undefined when the message has
 * no headers: for a reader that decodes every value exactly.
 *
 * @example
 * ```ts
 * headerTableOf(new Uint8Array([0, 0])); // undefined: no properties at all
 * ```
 */
export function headerTableOf(raw: Uint8Array): Uint8Array | undefined {
  const { flags, tableStart } = readFlags(raw);
  if (!(flags & HEADERS)) return undefined;
  const end = tableStart + 4 + readLength(raw, tableStart);
  if (end > raw.length) throw new RawPropertiesError("the header table is truncated");
  return raw.subarray(tableStart + 4, end);
}

/**
 * Finds fields in encoded properties without decoding any: for each of `names`, where the value
 * (its type byte) of the last header of that name sits, or -1, written into `valueAt`; returns
 * where the message id's length byte sits, or -1 without one. Throws a
 * {@linkcode RawPropertiesError} when the properties are malformed.
 *
 * @example
 * ```ts
 * const valueAt = new Int32Array(1);
 * locateFields(raw, [new TextEncoder().encode("host")], valueAt); // message id's offset
 * // valueAt[0]: the offset of host's type byte ("S"), or -1
 * ```
 */
export function locateFields(raw: Uint8Array, names: Uint8Array[], valueAt: Int32Array): number {
  const { flags, tableStart } = readFlags(raw);
  valueAt.fill(-1);
  let pos = tableStart;
  if (flags & HEADERS) {
    const end = pos + 4 + readLength(raw, pos);
    if (end > raw.length) throw new RawPropertiesError("the header table is truncated");
    pos += 4;
    while (pos < end) {
      const nameLength = raw[pos];
      const valuePos = pos + 1 + nameLength;
      for (let i = 0; i < names.length; i++) {
        if (sameName(raw, pos + 1, nameLength, names[i])) valueAt[i] = valuePos;
      }
      pos = skipField(raw, valuePos);
    }
    if (pos > end) throw new RawPropertiesError("a header runs past the end of its table");
  }
  if (flags & DELIVERY_MODE) pos += 1;
  if (flags & PRIORITY) pos += 1;
  if (flags & CORRELATION_ID) pos = skipShortString(raw, pos);
  if (flags & REPLY_TO) pos = skipShortString(raw, pos);
  if (flags & EXPIRATION) pos = skipShortString(raw, pos);
  if (!(flags & MESSAGE_ID)) return -1;
  if (pos >= raw.length || pos + 1 + raw[pos] > raw.length) {
    throw new RawPropertiesError("the message id is truncated");
  }
  return pos;
}

/** Whether the `length` bytes of `raw` from `at` are `name`'s. */
function sameName(raw: Uint8Array, at: number, length: number, name: Uint8Array): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) if (raw[at + i] !== name[i]) return false;
  return true;
}

/** The property flags, and where the header table (or what follows it) starts. */
function readFlags(raw: Uint8Array): { flags: number; tableStart: number } {
  if (raw.length < 2) throw new RawPropertiesError("the properties are truncated");
  const flags = (raw[0] << 8) | raw[1];
  let pos = 2;
  if (flags & CONTENT_TYPE) pos = skipShortString(raw, pos);
  if (flags & CONTENT_ENCODING) pos = skipShortString(raw, pos);
  return { flags, tableStart: pos };
}

/** The 32-bit length at `pos` (read from bytes: a DataView per message costs more). */
function readLength(raw: Uint8Array, pos: number): number {
  if (pos + 4 > raw.length) throw new RawPropertiesError("the properties are truncated");
  return ((raw[pos] << 24) | (raw[pos + 1] << 16) | (raw[pos + 2] << 8) | raw[pos + 3]) >>> 0;
}

function skipShortString(raw: Uint8Array, pos: number): number {
  if (pos >= raw.length) throw new RawPropertiesError("the properties are truncated");
  return pos + 1 + raw[pos];
}

/** The position after the field value (type tag and value) at `pos`. */
function skipField(raw: Uint8Array, pos: number): number {
  if (pos >= raw.length) throw new RawPropertiesError("a header has no value");
  const type = String.fromCharCode(raw[pos]);
  const fixed = FIXED_SIZE[type];
  if (fixed !== undefined) return pos + 1 + fixed;
  if (LENGTH_PREFIXED.has(type)) return pos + 5 + readLength(raw, pos + 1);
  throw new RawPropertiesError(`a header has the unknown field type '${type}' (${raw[pos]})`);
}

const decoder = new TextDecoder();

function decodeName(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

function encodeEntry(name: string, value: AddedHeader): Uint8Array {
  const nameBytes = encoder.encode(name);
  if (nameBytes.length > 255) throw new RawPropertiesError(`header name '${name}' is too long`);
  const valueBytes = typeof value === "string" ? encoder.encode(value) : undefined;
  if (valueBytes === undefined && !Number.isSafeInteger(value)) {
    throw new RawPropertiesError(`header '${name}' must be a string or a safe integer`);
  }
  const size = 1 + nameBytes.length + 1 + (valueBytes ? 4 + valueBytes.length : 8);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = nameBytes.length;
  out.set(nameBytes, 1);
  const pos = 1 + nameBytes.length;
  if (valueBytes) {
    out[pos] = "S".charCodeAt(0);
    view.setUint32(pos + 1, valueBytes.length);
    out.set(valueBytes, pos + 5);
  } else {
    out[pos] = "l".charCodeAt(0);
    view.setBigInt64(pos + 1, BigInt(value));
  }
  return out;
}
