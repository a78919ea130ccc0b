/**
 * Reads the envelope straight from an AMQP 1.0 message's bytes, as `readEnvelope` reads it from
 * decoded properties, without decoding the rest: the stream consumer's per-message cost. Only
 * the properties' message-id and the application properties `producer_id` and `host` are
 * looked at; those strings repeat and are remembered (`ShortStrings`).
 */
import { ShortStrings } from "../amqp/mod.ts";
import type { Envelope } from "../messaging/envelope.ts";
import { RunMessageIdReader } from "../messaging/run_message_id.ts";

const ASCII = new TextEncoder();
const PRODUCER_ID = ASCII.encode("producer_id");
const HOST = ASCII.encode("host");
const decoder = new TextDecoder();

/**
 * The envelope of AMQP 1.0 messages, message after message.
 *
 * @example
 * ```ts
 * const reader = new StreamEnvelopeReader();
 * reader.read(bytes, 0, bytes.length); // undefined: not ours, or not readable
 * ```
 */
export class StreamEnvelopeReader {
  readonly #strings = new ShortStrings();
  readonly #ids = new RunMessageIdReader();
  #bytes: Uint8Array = new Uint8Array(0);
  #at = 0;
  #end = 0;
  #idAt = -1;
  #idLength = 0;
  #producerAt = -1;
  #producerLength = 0;
  #hostAt = -1;
  #hostLength = 0;

  /** The envelope of the message in `bytes[at, end)`; `undefined` when it carries none. */
  read(bytes: Uint8Array, at: number, end: number): Envelope | undefined {
    this.#bytes = bytes;
    this.#at = at;
    this.#end = end;
    this.#idAt = this.#producerAt = this.#hostAt = -1;
    try {
      this.#sections();
    } catch {
      return undefined; // not an AMQP 1.0 message we can read
    }
    if (this.#idAt < 0 || this.#producerAt < 0) return undefined;
    const place = this.#ids.read(bytes, this.#idAt, this.#idLength);
    if (!place) return undefined;
    return {
      messageId: decoder.decode(bytes.subarray(this.#idAt, this.#idAt + this.#idLength)),
      producerId: this.#strings.read(bytes, this.#producerAt, this.#producerLength),
      host: this.#hostAt < 0 ? "" : this.#strings.read(bytes, this.#hostAt, this.#hostLength),
      seq: place.seq,
      runId: place.runId,
      sentAtMs: place.sentAtMs,
    };
  }

  #sections(): void {
    const b = this.#bytes;
    while (this.#at < this.#end) {
      if (b[this.#at] !== 0x00 || b[this.#at + 1] !== 0x53) throw new RangeError("section");
      const code = b[this.#at + 2];
      this.#at += 3;
      if (code === 0x73) this.#properties();
      else if (code === 0x74) this.#applicationProperties();
      else if (code === 0x75 || code === 0x77) return; // the body: the envelope comes before it
      else this.#skip();
    }
  }

  /** A list whose first item is the message id. */
  #properties(): void {
    const start = this.#compound();
    if (start.count === 0) {
      this.#at = start.end;
      return;
    }
    const type = this.#bytes[this.#at];
    if (type === 0xa1) {
      this.#idLength = this.#bytes[this.#at + 1];
      this.#idAt = this.#at + 2;
    }
    this.#at = start.end;
  }

  #applicationProperties(): void {
    const map = this.#compound();
    const b = this.#bytes;
    for (let i = 0; i + 1 < map.count && this.#at < map.end; i += 2) {
      const keyType = b[this.#at];
      let key = -1;
      if (keyType === 0xa1) {
        const length = b[this.#at + 1];
        const at = this.#at + 2;
        if (same(b, at, length, PRODUCER_ID)) key = 0;
        else if (same(b, at, length, HOST)) key = 1;
        this.#at = at + length;
      } else this.#skip();
      const valueType = b[this.#at];
      if (key >= 0 && (valueType === 0xa1 || valueType === 0xb1)) {
        const small = valueType === 0xa1;
        const length = small ? b[this.#at + 1] : this.#u32(this.#at + 1);
        const at = this.#at + (small ? 2 : 5);
        if (at + length > map.end) throw new RangeError("value");
        if (key === 0) {
          this.#producerAt = at;
          this.#producerLength = length;
        } else {
          this.#hostAt = at;
          this.#hostLength = length;
        }
      }
      this.#skip();
    }
    this.#at = map.end;
  }

  /** A list's or map's header: where its items end and how many there are. */
  #compound(): { end: number; count: number } {
    const b = this.#bytes;
    const type = b[this.#at];
    if (type === 0x45) {
      this.#at += 1;
      return { end: this.#at, count: 0 };
    }
    let size: number, count: number;
    if (type === 0xc0 || type === 0xc1) {
      size = b[this.#at + 1];
      count = b[this.#at + 2];
      this.#at += 3;
      size -= 1;
    } else if (type === 0xd0 || type === 0xd1) {
      size = this.#u32(this.#at + 1) - 4;
      count = this.#u32(this.#at + 5);
      this.#at += 9;
    } else throw new RangeError("compound");
    const end = this.#at + size;
    if (size < 0 || end > this.#end) throw new RangeError("compound size");
    return { end, count };
  }

  /** Skips one value of any type. */
  #skip(): void {
    const b = this.#bytes;
    const type = b[this.#at++];
    if (type === 0x00) {
      this.#skip();
      this.#skip();
      return;
    }
    const width = type >> 4;
    let n: number;
    if (width === 0x4) n = 0;
    else if (width === 0x5) n = 1;
    else if (width === 0x6) n = 2;
    else if (width === 0x7) n = 4;
    else if (width === 0x8) n = 8;
    else if (width === 0x9) n = 16;
    else if (width === 0xa || width === 0xc || width === 0xe) n = 1 + b[this.#at];
    else if (width === 0xb || width === 0xd || width === 0xf) n = 4 + this.#u32(this.#at);
    else throw new RangeError("type");
    this.#at += n;
    if (this.#at > this.#end) throw new RangeError("value ends early");
  }

  #u32(at: number): number {
    const b = this.#bytes;
    return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
  }
}

function same(b: Uint8Array, at: number, length: number, known: Uint8Array): boolean {
  if (length !== known.length) return false;
  for (let i = 0; i < length; i++) if (b[at + i] !== known[i]) return false;
  return true;
}
