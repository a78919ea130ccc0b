/**
 * A consume run over the stream protocol, with the same tally as over AMQP (duplicates,
 * foreign messages, latency, senders): subscribes from an offset (or from after the offset
 * stored under the consumer's name), stores its offset on the broker every second and at the
 * end, and after a dropped connection subscribes again right after the last message it
 * handled, so a reconnect neither loses nor repeats a message.
 */
import { DuplicateTracker } from "../messaging/duplicates.ts";
import { readSender } from "../messaging/envelope.ts";
import { LatencyRecorder, rate } from "../messaging/stats.ts";
import { SenderTally } from "../messaging/sender_tally.ts";
import type { ConsumeResult, StopReason } from "../messaging/consumer.ts";
import type { Envelope } from "../messaging/envelope.ts";
import type { StreamOffset } from "../messaging/stream_offset.ts";
import { readStreamMessage, type StreamMessage } from "./amqp10_message.ts";
import type { StreamConnection } from "./stream_connection.ts";
import { StreamEnvelopeReader } from "./stream_envelope_reader.ts";
import { StreamSubscriber } from "./stream_subscriber.ts";

/** Options for {@linkcode StreamConsumeRun}. */
export interface StreamConsumeOptions {
  /** Opens a connection (again, after a drop). */
  connect: () => Promise<StreamConnection>;
  stream: string;
  offset: StreamOffset;
  /** Offsets are stored and resumed under this name; without it nothing is stored. */
  consumerName?: string;
  /** Chunks the broker may send ahead. */
  credit: number;
  /** Stop after this many messages (0: run until stopped or idle). */
  expect: number;
  /** Stop when nothing arrived for this long (0: never). */
  idleTimeoutMs: number;
  /** Give up reconnecting after this many ms. */
  reconnectTimeoutMs: number;
  /** Every message, decoded (for `--show`); leaving it out keeps decoding to the envelope. */
  onMessage?: (message: StreamMessage, envelope: Envelope | undefined, offset: number) => void;
  progressEvery?: number;
  onProgress?: (consumed: number, seconds: number) => void;
  /** Told where the subscription starts (and on each resubscription). */
  onSubscribed?: (start: { resumedAfter?: number; reconnected: boolean }) => void;
  onReconnect?: (error: Error) => void;
}

/** Milliseconds between offsets stored on the broker. */
const STORE_EVERY_MS = 1_000;

/**
 * One consume run.
 *
 * @example
 * ```ts
 * const result = await new StreamConsumeRun({ connect, stream: "events", offset: "first",
 *   credit: 8, expect: 1000, idleTimeoutMs: 0, reconnectTimeoutMs: 30_000 }).run();
 * result.duplicates; // 0
 * ```
 */
export class StreamConsumeRun {
  readonly #o: StreamConsumeOptions;
  readonly #envelopes = new StreamEnvelopeReader();
  readonly #seen = new DuplicateTracker();
  readonly #latency = new LatencyRecorder();
  readonly #senders = new SenderTally();
  #conn: StreamConnection | undefined;
  #subscriber: StreamSubscriber | undefined;
  #consumed = 0;
  #duplicates = 0;
  #foreign = 0;
  /** The offset after the last message handled; where a resubscription starts. */
  #resumeAt: number | undefined;
  #firstAt = 0;
  #lastAt = 0;
  #lastArrival = 0;
  #stopReason: StopReason | undefined;
  #storedAt = 0;
  #wake: () => void = () => {};

  constructor(options: StreamConsumeOptions) {
    this.#o = options;
  }

  /** Counters as they stand (for progress). */
  get consumed(): number {
    return this.#consumed;
  }

  /** Ends the run: what was handled is tallied, the offset stored. */
  stop(reason: StopReason = "stopped"): void {
    this.#stopReason ??= reason;
    this.#wake();
  }

  /** Consumes until `expect`, idle, or `stop()`. */
  async run(): Promise<ConsumeResult> {
    this.#lastArrival = performance.now();
    const timer = setInterval(() => this.#tick(), 250);
    try {
      await this.#attach(false);
      while (!this.#stopReason) {
        const closed = this.#conn!.closed.then((e) => e);
        const stopped = new Promise<undefined>((resolve) => this.#wake = () => resolve(undefined));
        const error = await Promise.race([closed, stopped]);
        if (this.#stopReason) break;
        await this.#reconnect(error ?? new Error("the stream connection closed"));
      }
      await this.#storeOffset();
    } finally {
      clearInterval(timer);
      await this.#conn?.close().catch(() => {});
    }
    return this.#result();
  }

  #tick(): void {
    const idleMs = this.#o.idleTimeoutMs;
    const now = performance.now();
    if (idleMs > 0 && now - this.#lastArrival >= idleMs) this.stop("idle");
    if (now - this.#storedAt < STORE_EVERY_MS) return;
    this.#storedAt = now;
    void this.#storeOffset();
  }

  /** Stores the offset of the last message handled (not of any the broker sent after it). */
  async #storeOffset(): Promise<void> {
    if (this.#resumeAt === undefined) return;
    await this.#subscriber?.storeOffset(this.#resumeAt - 1).catch(() => {});
  }

  async #attach(reconnected: boolean): Promise<void> {
    const conn = await this.#o.connect();
    this.#conn = conn;
    // After a drop: from right after the last message handled, whatever was stored.
    const offset = this.#resumeAt ?? this.#o.offset;
    const subscriber = new StreamSubscriber(conn, {
      stream: this.#o.stream,
      offset,
      consumerName: this.#o.consumerName,
      resume: this.#resumeAt === undefined,
      credit: this.#o.credit,
      onMessage: (bytes, at, end, messageOffset) => this.#onMessage(bytes, at, end, messageOffset),
    });
    this.#subscriber = subscriber;
    const start = await subscriber.start();
    this.#o.onSubscribed?.({ ...start, reconnected });
  }

  async #reconnect(cause: Error): Promise<void> {
    this.#o.onReconnect?.(cause);
    const deadline = Date.now() + this.#o.reconnectTimeoutMs;
    let delay = 100;
    for (;;) {
      if (this.#stopReason) return;
      try {
        await this.#attach(true);
        return;
      } catch (error) {
        if (Date.now() + delay > deadline) {
          throw new Error(
            `could not reconnect to the stream (${cause.message}): ${
              error instanceof Error ? error.message : error
            }`,
          );
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  #onMessage(bytes: Uint8Array, at: number, end: number, offset: number): void {
    if (this.#stopReason) return;
    const now = performance.now();
    if (this.#consumed === 0) this.#firstAt = now;
    this.#lastAt = this.#lastArrival = now;
    const envelope = this.#envelopes.read(bytes, at, end);
    if (envelope) {
      this.#senders.add(envelope.producerId, envelope.host);
      if (this.#seen.markSeq(envelope.runId, envelope.seq)) this.#duplicates++;
      this.#latency.record(Date.now() - envelope.sentAtMs);
    } else this.#tallyForeign(bytes, at, end);
    if (this.#o.onMessage) this.#o.onMessage(readStreamMessage(bytes, at, end), envelope, offset);
    this.#consumed++;
    this.#resumeAt = offset + 1;
    const every = this.#o.progressEvery ?? 0;
    if (every > 0 && this.#consumed % every === 0) {
      this.#o.onProgress?.(this.#consumed, (now - this.#firstAt) / 1000);
    }
    if (this.#o.expect > 0 && this.#consumed >= this.#o.expect) this.stop("expected");
  }

  #tallyForeign(bytes: Uint8Array, at: number, end: number): void {
    this.#foreign++;
    let sender;
    try {
      sender = readSender(readStreamMessage(bytes, at, end).properties);
    } catch {
      sender = undefined; // not an AMQP 1.0 message: no sender to name
    }
    if (sender) this.#senders.add(sender.producerId, sender.host);
    else this.#senders.addUnnamed();
  }

  #result(): ConsumeResult {
    const seconds = this.#consumed > 0 ? (this.#lastAt - this.#firstAt) / 1000 : 0;
    return {
      consumed: this.#consumed,
      seconds,
      rate: rate(this.#consumed, seconds),
      redelivered: 0,
      duplicates: this.#duplicates,
      foreign: this.#foreign,
      retried: 0,
      deadLettered: 0,
      latency: this.#latency.summary(),
      stopReason: this.#stopReason ?? "stopped",
      senders: this.#senders.counts(),
      sendersUnlisted: this.#senders.unlisted,
    };
  }
}
