/**
 * Reads the envelope straight from a message's encoded properties, as `readEnvelope` reads it
 * from decoded ones, without decoding the rest: the consumer's per-message cost. The producer
 * and host strings repeat from message to message and are remembered (`ShortStrings`).
 */
import { locateFields, RawPropertiesError, ShortStrings } from "../amqp/mod.ts";
import type { Envelope, Sender } from "./envelope.ts";
import { RunMessageIdReader } from "./run_message_id.ts";

const ASCII = new TextEncoder();
/** The headers the envelope reads, in the order of `valueAt`. */
const NAMES = [ASCII.encode("producer_id"), ASCII.encode("host")];
const LONG_STRING = "S".charCodeAt(0);
const decoder = new TextDecoder();

/**
 * The envelope of encoded properties, message after message.
 *
 * @example
 * ```ts
 * const reader = new EnvelopeReader();
 * const envelope = reader.read(client.rawPropertiesOf(message)); // undefined: not ours
 * ```
 */
export class EnvelopeReader {
  readonly #strings = new ShortStrings();
  readonly #ids = new RunMessageIdReader();
  /** Where each of NAMES has its value; reused from message to message. */
  readonly #valueAt = new Int32Array(NAMES.length);

  /**
   * The envelope these encoded properties carry, or undefined when they carry none (another
   * client's message, or properties that cannot be read), exactly as `readEnvelope` decides.
   */
  read(raw: Uint8Array): Envelope | undefined {
    let messageIdAt: number;
    try {
      messageIdAt = locateFields(raw, NAMES, this.#valueAt);
    } catch (error) {
      if (error instanceof RawPropertiesError) return undefined;
      throw error;
    }
    const [producerAt, hostAt] = this.#valueAt;
    if (producerAt < 0 || raw[producerAt] !== LONG_STRING || messageIdAt < 0) return undefined;
    const idStart = messageIdAt + 1;
    const idEnd = idStart + raw[messageIdAt];
    const place = this.#ids.read(raw, idStart, idEnd - idStart);
    if (!place) return undefined;
    return {
      messageId: decoder.decode(raw.subarray(idStart, idEnd)),
      producerId: this.#longString(raw, producerAt),
      host: hostAt >= 0 && raw[hostAt] === LONG_STRING ? this.#longString(raw, hostAt) : "",
      seq: place.seq,
      runId: place.runId,
      sentAtMs: place.sentAtMs,
    };
  }

  /**
   * The sender the encoded properties' headers name (`producer_id`, `host`), ours or another
   * client's, exactly as `readSender` decides; read for messages without our envelope.
   */
  readSender(raw: Uint8Array): Sender | undefined {
    try {
      locateFields(raw, NAMES, this.#valueAt);
    } catch (error) {
      if (error instanceof RawPropertiesError) return undefined;
      throw error;
    }
    const [producerAt, hostAt] = this.#valueAt;
    if (producerAt < 0 || raw[producerAt] !== LONG_STRING) return undefined;
    return {
      producerId: this.#longString(raw, producerAt),
      host: hostAt >= 0 && raw[hostAt] === LONG_STRING ? this.#longString(raw, hostAt) : "",
    };
  }

  /** The long string whose type byte is at `at` (its 32-bit length follows). */
  #longString(raw: Uint8Array, at: number): string {
    const length =
      ((raw[at + 1] << 24) | (raw[at + 2] << 16) | (raw[at + 3] << 8) | raw[at + 4]) >>> 0;
    return this.#strings.read(raw, at + 5, length);
  }
}
