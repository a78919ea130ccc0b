/**
 * The envelope encoded once per run: every message of a run carries the same content type,
 * delivery mode, producer, host and run id, so their bytes are encoded when the run starts and
 * copied into each publish, with the three fields that change written in place: the message id
 * (a UUIDv7, written as ASCII without building a string), the timestamp (Unix seconds) and the
 * `seq` header (an int64, so every sequence number takes the same 8 bytes).
 *
 * A consumer reads these messages exactly as those built by {@linkcode envelopeFactory}.
 */
import {
  encodeProperties,
  headerValueOffset,
  type PropertiesWriter,
  propertyOffsets,
} from "../amqp/mod.ts";
import { envelopeFactory, type EnvelopeOptions } from "./envelope.ts";

/** A sequence number past 2^32, so the template encodes `seq` as an int64 ('l'). */
const SEQ_PLACEHOLDER = 2 ** 40;
const HEX = new TextEncoder().encode("0123456789abcdef");
const DASH = 0x2d;
/** Random bytes drawn at once: one `getRandomValues` call per 1,600 message ids. */
const RANDOM_POOL = 16 * 1024;
/** Random bytes per message id: 18 hex digits and the variant's two bits (74 bits used). */
const RANDOM_PER_ID = 10;
/** Where a UUIDv7's random hex digits sit, after "xxxxxxxx-xxxx-7". */
const RANDOM_DIGITS = [15, 16, 17, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];

/**
 * Message `seq`'s envelope, written into a publish frame.
 *
 * @example
 * ```ts
 * const envelope = new EnvelopeTemplate({ producerId: "ana", host: "box", runId: "r1",
 *   contentType: "text/plain", persistent: true });
 * const out = new Uint8Array(envelope.length);
 * envelope.write(out, 0, 1); // the properties of message 1, as amqp-client would encode them
 * ```
 */
export class EnvelopeTemplate implements PropertiesWriter {
  /** Bytes every message's properties take. */
  readonly length: number;
  // The encoded envelope, and where its changing fields sit in it.
  readonly #bytes: Uint8Array;
  readonly #messageIdAt: number;
  readonly #timestampAt: number;
  readonly #seqAt: number;

  // The message id's time part ("xxxxxxxx-xxxx") for the millisecond it was last written in.
  readonly #timeHex = new Uint8Array(13);
  #timeMs = -1;
  // Random bytes for the message ids, used up from #randomAt on.
  readonly #random = new Uint8Array(RANDOM_POOL);
  #randomAt = RANDOM_POOL;

  /** Encodes the envelope of a run once; throws if it lacks a field written per message. */
  constructor(options: EnvelopeOptions) {
    const bytes = encodeProperties(envelopeFactory(options)(SEQ_PLACEHOLDER));
    const { messageId, timestamp } = propertyOffsets(bytes);
    const seq = headerValueOffset(bytes, "seq");
    if (messageId === undefined || timestamp === undefined || seq === undefined) {
      throw new Error("the envelope lacks its message id, timestamp or seq header");
    }
    this.#bytes = bytes;
    this.length = bytes.length;
    this.#messageIdAt = messageId;
    this.#timestampAt = timestamp;
    this.#seqAt = seq + 1; // past the 'l' type tag
  }

  /** Writes message `seq`'s properties into `out` from `at` on. */
  write(out: Uint8Array, at: number, seq: number): void {
    const now = Date.now();
    out.set(this.#bytes, at);
    this.#writeMessageId(out, at + this.#messageIdAt, now);
    writeUint64(out, at + this.#timestampAt, Math.floor(now / 1000));
    writeUint64(out, at + this.#seqAt, seq);
  }

  /** A UUIDv7 (see `uuidv7`): 48 bits of Unix milliseconds, the version, 74 random bits. */
  #writeMessageId(out: Uint8Array, at: number, ms: number): void {
    if (ms !== this.#timeMs) this.#setTime(ms);
    out.set(this.#timeHex, at); // "xxxxxxxx-xxxx"
    out[at + 13] = DASH;
    out[at + 14] = 0x37; // "7"
    const random = this.#randomBytes();
    let r = this.#randomAt;
    this.#randomAt += RANDOM_PER_ID;
    // "xxx-yxxx-xxxxxxxxxxxx": 18 hex digits from 9 bytes, y (the variant, 8..b) from the 10th.
    for (let i = 0; i < RANDOM_DIGITS.length; i += 2, r++) {
      out[at + RANDOM_DIGITS[i]] = HEX[random[r] >> 4];
      out[at + RANDOM_DIGITS[i + 1]] = HEX[random[r] & 15];
    }
    out[at + 18] = DASH;
    out[at + 19] = HEX[8 | (random[r] & 3)];
    out[at + 23] = DASH;
  }

  /** The random pool, refilled when fewer than one id's bytes are left. */
  #randomBytes(): Uint8Array {
    if (this.#randomAt + RANDOM_PER_ID > RANDOM_POOL) {
      crypto.getRandomValues(this.#random);
      this.#randomAt = 0;
    }
    return this.#random;
  }

  /** The id's time part for Unix milliseconds `ms`. */
  #setTime(ms: number): void {
    this.#timeMs = ms;
    const hex = ms.toString(16).padStart(12, "0");
    for (let i = 0, pos = 0; i < 12; i++) {
      if (i === 8) this.#timeHex[pos++] = DASH;
      this.#timeHex[pos++] = hex.charCodeAt(i);
    }
  }
}

/** Writes a non-negative safe integer as 8 big-endian bytes. */
function writeUint64(out: Uint8Array, at: number, value: number): void {
  const high = Math.floor(value / 2 ** 32);
  const low = value >>> 0;
  out[at] = high >>> 24;
  out[at + 1] = (high >>> 16) & 255;
  out[at + 2] = (high >>> 8) & 255;
  out[at + 3] = high & 255;
  out[at + 4] = low >>> 24;
  out[at + 5] = (low >>> 16) & 255;
  out[at + 6] = (low >>> 8) & 255;
  out[at + 7] = low & 255;
}
