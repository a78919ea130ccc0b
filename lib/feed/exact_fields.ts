/**
 * Header values and the timestamp as the broker sent them, for the monitor's message views,
 * read from the encoded properties rather than from amqp-client's decoding, which reads 64-bit
 * integers into doubles (2^62 + 1 becomes 4611686018427388000), turns a timestamp past 2^53
 * into a wrong date, and loses a header named `__proto__`.
 *
 * Exact where JSON can be: integers beyond 2^53 and timestamps outside the dates JavaScript
 * holds become decimal text; decimals are text; bytes are hex (the first 64).
 */
import type { JsonValue } from "../shared/mod.ts";

/** Most bytes of a binary value shown (as hex). */
const MAX_SHOWN_BYTES = 64;
/** The largest Unix time, in seconds, a JavaScript Date holds. */
const MAX_DATE_SECONDS = 8_640_000_000_000;

const decoder = new TextDecoder();

/** A header table could not be read (truncated, or a type AMQP does not define). */
export class FieldReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldReadError";
  }
}

/**
 * Decodes a header table's entries (see `headerTableOf`) into JSON values, every name an own
 * property whatever it is called.
 *
 * @example
 * ```ts
 * // "n": int64 2^62 + 1
 * exactTable(new Uint8Array([1, 0x6e, 0x6c, 0x40, 0, 0, 0, 0, 0, 0, 1]));
 * // { n: "4611686018427387905" }
 * ```
 */
export function exactTable(bytes: Uint8Array): Record<string, JsonValue> {
  return new FieldReader(bytes).table(bytes.length);
}

/**
 * A timestamp property or header (Unix seconds as uint64) as ISO text, or as decimal seconds
 * where no date can hold it.
 *
 * @example
 * ```ts
 * exactTimestamp(2n ** 64n - 1n); // "18446744073709551615"
 * exactTimestamp(1700000000n); // "2023-11-14T22:13:20.000Z"
 * ```
 */
export function exactTimestamp(seconds: bigint): string {
  if (seconds > BigInt(MAX_DATE_SECONDS)) return seconds.toString();
  return new Date(Number(seconds) * 1000).toISOString();
}

/** Reads field values one after another from a buffer. */
class FieldReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #pos = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Entries up to `end`: a short-string name, then a value. */
  table(end: number): Record<string, JsonValue> {
    // No prototype: a header named "__proto__" or "constructor" is a plain entry.
    const out: Record<string, JsonValue> = Object.create(null);
    while (this.#pos < end) {
      const nameLength = this.#take(1)[0];
      const name = decoder.decode(this.#take(nameLength));
      out[name] = this.value();
    }
    return out;
  }

  /** One type tag and its value. */
  value(): JsonValue {
    const type = String.fromCharCode(this.#take(1)[0]);
    const at = this.#pos;
    switch (type) {
      case "t":
        return this.#take(1)[0] !== 0;
      case "b":
        return this.#fixed(1, () => this.#view.getInt8(at));
      case "B":
        return this.#fixed(1, () => this.#view.getUint8(at));
      case "s":
        return this.#fixed(2, () => this.#view.getInt16(at));
      case "u":
        return this.#fixed(2, () => this.#view.getUint16(at));
      case "I":
        return this.#fixed(4, () => this.#view.getInt32(at));
      case "i":
        return this.#fixed(4, () => this.#view.getUint32(at));
      case "l":
        return this.#fixed(8, () => exactInteger(this.#view.getBigInt64(at)));
      case "f":
        return this.#fixed(4, () => finite(this.#view.getFloat32(at)));
      case "d":
        return this.#fixed(8, () => finite(this.#view.getFloat64(at)));
      case "D":
        return this.#fixed(
          5,
          () => decimalText(this.#view.getUint8(at), this.#view.getInt32(at + 1)),
        );
      case "T":
        return this.#fixed(8, () => exactTimestamp(this.#view.getBigUint64(at)));
      case "V":
        return null;
      case "S":
        return decoder.decode(this.#take(this.#length()));
      case "x":
        return hexOf(this.#take(this.#length()));
      case "A":
        return this.#array(this.#length());
      case "F": {
        const length = this.#length();
        return this.table(this.#pos + length);
      }
    }
    throw new FieldReadError(`a header has the unknown field type '${type}'`);
  }

  #array(length: number): JsonValue[] {
    const end = this.#pos + length;
    const out: JsonValue[] = [];
    while (this.#pos < end) out.push(this.value());
    return out;
  }

  /** Reads a fixed-size value with `read` (which reads at the current position). */
  #fixed(size: number, read: () => JsonValue): JsonValue {
    this.#need(size);
    const value = read();
    this.#pos += size;
    return value;
  }

  #length(): number {
    this.#need(4);
    const length = this.#view.getUint32(this.#pos);
    this.#pos += 4;
    return length;
  }

  #take(size: number): Uint8Array {
    this.#need(size);
    const out = this.#bytes.subarray(this.#pos, this.#pos + size);
    this.#pos += size;
    return out;
  }

  #need(size: number): void {
    if (this.#pos + size > this.#bytes.length) {
      throw new FieldReadError("the header table is truncated");
    }
  }
}

/** An int64: a number where one holds it exactly, else decimal text. */
function exactInteger(value: bigint): JsonValue {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

function finite(value: number): JsonValue {
  return Number.isFinite(value) ? value : String(value);
}

/** An AMQP decimal (scale, then a signed 32-bit value) as exact text: 314159 at 5 is "3.14159". */
function decimalText(scale: number, value: number): string {
  const digits = Math.abs(value).toString().padStart(scale + 1, "0");
  const whole = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return value < 0 ? `-${whole}` : whole;
}

/**
 * Bytes as hex, the first 64 of them (and the length where there are more).
 *
 * @example
 * ```ts
 * hexOf(new Uint8Array([0, 255])); // "0x00ff"
 * ```
 */
export function hexOf(bytes: Uint8Array): string {
  const shown = Array.from(
    bytes.subarray(0, MAX_SHOWN_BYTES),
    (b) => b.toString(16).padStart(2, "0"),
  );
  const more = bytes.length > MAX_SHOWN_BYTES ? `… (${bytes.length} bytes)` : "";
  return `0x${shown.join("")}${more}`;
}
