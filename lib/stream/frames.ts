/**
 * The stream protocol's framing (RabbitMQ `rabbitmq_stream` plugin): every frame is a 4-byte
 * size, then a 2-byte key (the top bit set on a response), a 2-byte version and the command's
 * fields, big-endian. Strings carry a 2-byte length, byte arrays a 4-byte one.
 */

/** Command keys. */
export const Key = {
  declarePublisher: 0x01,
  publish: 0x02,
  publishConfirm: 0x03,
  publishError: 0x04,
  queryPublisherSequence: 0x05,
  deletePublisher: 0x06,
  subscribe: 0x07,
  deliver: 0x08,
  credit: 0x09,
  storeOffset: 0x0a,
  queryOffset: 0x0b,
  unsubscribe: 0x0c,
  create: 0x0d,
  delete: 0x0e,
  metadata: 0x0f,
  metadataUpdate: 0x10,
  peerProperties: 0x11,
  saslHandshake: 0x12,
  saslAuthenticate: 0x13,
  tune: 0x14,
  open: 0x15,
  close: 0x16,
  heartbeat: 0x17,
} as const;

/** The bit a response's key carries. */
export const RESPONSE = 0x8000;

/** Response codes the toolkit tells apart. */
export const Code = {
  ok: 0x01,
  streamDoesNotExist: 0x02,
  streamAlreadyExists: 0x05,
  accessRefused: 0x10,
  noOffset: 0x13,
} as const;

/** What a response code means, for an error line. */
export const CODE_TEXT: Record<number, string> = {
  0x02: "stream does not exist",
  0x03: "subscription id already exists",
  0x04: "subscription id does not exist",
  0x05: "stream already exists",
  0x06: "stream not available",
  0x07: "SASL mechanism not supported",
  0x08: "authentication failure",
  0x09: "SASL error",
  0x0a: "SASL challenge",
  0x0b: "SASL authentication failure loopback",
  0x0c: "virtual host access failure",
  0x0d: "unknown frame",
  0x0e: "frame too large",
  0x0f: "internal error",
  0x10: "access refused",
  0x11: "precondition failed",
  0x12: "publisher does not exist",
  0x13: "no offset",
};

const UTF8 = new TextEncoder();
const TEXT = new TextDecoder();

/**
 * Writes one or more frames into a growing buffer; `finish()` hands out the bytes written.
 *
 * @example
 * ```ts
 * const w = new FrameWriter();
 * w.begin(Key.heartbeat).end();
 * w.finish().length; // 8: size, key, version
 * ```
 */
export class FrameWriter {
  #buf: Uint8Array;
  #view: DataView;
  #at = 0;
  #frameAt = 0;

  constructor(capacity = 4096) {
    this.#buf = new Uint8Array(capacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Bytes written so far (all frames). */
  get length(): number {
    return this.#at;
  }

  /** Starts a frame: its size is written by {@linkcode end}. */
  begin(key: number, version = 1): this {
    this.#frameAt = this.#at;
    this.#room(8);
    this.#at += 4;
    this.#view.setUint16(this.#at, key);
    this.#view.setUint16(this.#at + 2, version);
    this.#at += 4;
    return this;
  }

  /** Ends the frame begun last by writing its size. */
  end(): this {
    this.#view.setUint32(this.#frameAt, this.#at - this.#frameAt - 4);
    return this;
  }

  u8(value: number): this {
    this.#room(1);
    this.#buf[this.#at++] = value;
    return this;
  }

  u16(value: number): this {
    this.#room(2);
    this.#view.setUint16(this.#at, value);
    this.#at += 2;
    return this;
  }

  u32(value: number): this {
    this.#room(4);
    this.#view.setUint32(this.#at, value);
    this.#at += 4;
    return this;
  }

  /** An unsigned 64-bit number below 2^53. */
  u64(value: number): this {
    this.#room(8);
    this.#view.setUint32(this.#at, Math.floor(value / 0x1_0000_0000));
    this.#view.setUint32(this.#at + 4, value >>> 0);
    this.#at += 8;
    return this;
  }

  /** A signed 64-bit number within ±2^53. */
  i64(value: number): this {
    this.#room(8);
    this.#view.setBigInt64(this.#at, BigInt(value));
    this.#at += 8;
    return this;
  }

  string(value: string): this {
    const bytes = UTF8.encode(value);
    this.u16(bytes.length);
    return this.raw(bytes);
  }

  bytes(value: Uint8Array): this {
    this.u32(value.length);
    return this.raw(value);
  }

  /** A map of strings (a 4-byte count, then key and value strings). */
  map(entries: Record<string, string>): this {
    const keys = Object.keys(entries);
    this.u32(keys.length);
    for (const key of keys) this.string(key).string(entries[key]);
    return this;
  }

  raw(value: Uint8Array): this {
    this.#room(value.length);
    this.#buf.set(value, this.#at);
    this.#at += value.length;
    return this;
  }

  /** Reserves `n` bytes at the end, returning where they start (filled by the caller). */
  reserve(n: number): number {
    this.#room(n);
    const at = this.#at;
    this.#at += n;
    return at;
  }

  /** The underlying buffer (valid until the next write that grows it). */
  get buffer(): Uint8Array {
    return this.#buf;
  }

  /** The bytes written; the writer starts over empty (the bytes stay valid until reused). */
  finish(): Uint8Array {
    const out = this.#buf.subarray(0, this.#at);
    this.#at = 0;
    return out;
  }

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#at + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.#buf.subarray(0, this.#at));
    this.#buf = bigger;
    this.#view = new DataView(bigger.buffer);
  }
}

/**
 * Reads the fields of one received frame; every read checks the frame's bounds, so a lying
 * length throws a `RangeError` rather than reading past the frame.
 *
 * @example
 * ```ts
 * const r = new FrameReader(new Uint8Array([0, 1, 0, 2]), 0, 4);
 * r.u16(); // 1
 * ```
 */
export class FrameReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  at: number;
  readonly end: number;

  constructor(bytes: Uint8Array, at: number, end: number) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = at;
    this.end = end;
  }

  #need(n: number): number {
    const at = this.at;
    if (at + n > this.end) throw new RangeError("stream protocol frame ends early");
    this.at = at + n;
    return at;
  }

  u8(): number {
    return this.bytes[this.#need(1)];
  }

  u16(): number {
    return this.view.getUint16(this.#need(2));
  }

  u32(): number {
    return this.view.getUint32(this.#need(4));
  }

  i32(): number {
    return this.view.getInt32(this.#need(4));
  }

  /** An unsigned 64-bit number (exact below 2^53). */
  u64(): number {
    const at = this.#need(8);
    return this.view.getUint32(at) * 0x1_0000_0000 + this.view.getUint32(at + 4);
  }

  /** A signed 64-bit number (exact within ±2^53). */
  i64(): number {
    return Number(this.view.getBigInt64(this.#need(8)));
  }

  string(): string {
    const length = this.view.getInt16(this.#need(2));
    if (length < 0) return "";
    const at = this.#need(length);
    return TEXT.decode(this.bytes.subarray(at, at + length));
  }

  map(): Record<string, string> {
    const count = this.u32();
    const out: Record<string, string> = {};
    for (let i = 0; i < count; i++) out[this.string()] = this.string();
    return out;
  }

  skip(n: number): void {
    this.#need(n);
  }
}
