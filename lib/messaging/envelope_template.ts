/**
 * The envelope encoded once per run: every message of a run carries the same content type,
 * delivery mode, producer and host, so their bytes are encoded when the run starts and copied
 * into each publish, with the two fields that change written in place: the message id (send
 * time, run id and sequence number, written as ASCII without building a string) and the
 * timestamp (Unix seconds).
 *
 * A consumer reads these messages exactly as those built by {@linkcode envelopeFactory}.
 */
import { encodeProperties, type PropertiesWriter, propertyOffsets } from "../amqp/mod.ts";
import { envelopeFactory, type EnvelopeOptions } from "./envelope.ts";
import { newRunId, RunMessageIdWriter } from "./run_message_id.ts";

/**
 * Message `seq`'s envelope, written into a publish frame.
 *
 * @example
 * ```ts
 * const envelope = new EnvelopeTemplate({ producerId: "ana", host: "box", runId: "3f9a1b2c4d",
 *   contentType: "text/plain", persistent: true });
 * const out = new Uint8Array(envelope.length);
 * envelope.write(out, 0, 1); // the properties of message 1, as amqp-client would encode them
 * ```
 */
export class EnvelopeTemplate implements PropertiesWriter {
  /** Bytes every message's properties take. */
  readonly length: number;
  /** The run every message id carries. */
  readonly runId: string;
  // The encoded envelope, and where its changing fields sit in it.
  readonly #bytes: Uint8Array;
  readonly #messageIdAt: number;
  readonly #timestampAt: number;
  readonly #messageIds: RunMessageIdWriter;

  /** Encodes the envelope of a run once; throws if the run id is not one (see `newRunId`). */
  constructor(options: EnvelopeOptions) {
    this.runId = options.runId ?? newRunId();
    this.#messageIds = new RunMessageIdWriter(this.runId);
    const bytes = encodeProperties(envelopeFactory({ ...options, runId: this.runId })(1));
    const { messageId, timestamp } = propertyOffsets(bytes);
    if (messageId === undefined || timestamp === undefined) {
      throw new Error("the envelope lacks its message id or timestamp");
    }
    this.#bytes = bytes;
    this.length = bytes.length;
    this.#messageIdAt = messageId;
    this.#timestampAt = timestamp;
  }

  /** Writes message `seq`'s properties into `out` from `at` on. */
  write(out: Uint8Array, at: number, seq: number): void {
    const now = Date.now();
    out.set(this.#bytes, at);
    this.#messageIds.write(out, at + this.#messageIdAt, seq, now);
    writeUint64(out, at + this.#timestampAt, Math.floor(now / 1000));
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
