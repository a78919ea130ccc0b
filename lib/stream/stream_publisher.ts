/**
 * Publishing a run of messages into a stream over the stream protocol, with deduplication: the
 * publisher has a name (its reference) and every message a publishing id (the run's first id
 * plus its sequence number), so after a dropped connection the run asks the broker which id it
 * stored last, publishes again only what came after, and the broker drops anything it already
 * has. Unconfirmed messages are bounded by a window; messages go out many to a frame.
 */
import { Key } from "./frames.ts";
import type { FrameReader } from "./frames.ts";
import { FrameWriter } from "./frames.ts";
import type { StreamMessageTemplate } from "./amqp10_message.ts";
import type { StreamConnection } from "./stream_connection.ts";

/** Options for {@linkcode StreamPublishRun}. */
export interface StreamPublishOptions {
  /** Opens a connection (again, after a drop). */
  connect: () => Promise<StreamConnection>;
  stream: string;
  /** The publisher's reference: the broker deduplicates per reference and stream. */
  producerName: string;
  count: number;
  template: StreamMessageTemplate;
  /** Unconfirmed messages at most. */
  window: number;
  /** Messages per publish frame at most (fewer when the frame would exceed the frame max). */
  batch?: number;
  /** Stops publishing; what was published is still waited for. */
  signal?: AbortSignal;
  /** Give up reconnecting after this many ms. */
  reconnectTimeoutMs: number;
  /** Called every `progressEvery` confirms. */
  onProgress?: (confirmed: number) => void;
  progressEvery?: number;
  /** Told once per reconnect. */
  onReconnect?: (error: Error) => void;
}

/** How a run went. */
export interface StreamPublishResult {
  published: number;
  confirmed: number;
  /** Messages sent again after a reconnect (the broker stored each at most once). */
  republished: number;
  /** Publishing ids the broker refused, by code. */
  errors: number;
  seconds: number;
  rate: number;
  error?: string;
}

const PUBLISHER_ID = 0;

/**
 * One publishing run.
 *
 * @example
 * ```ts
 * const result = await new StreamPublishRun({ connect, stream: "events", producerName: "p1",
 *   count: 1000, template, window: 10_000, reconnectTimeoutMs: 30_000 }).run();
 * ```
 */
export class StreamPublishRun {
  readonly #o: StreamPublishOptions;
  readonly #writer = new FrameWriter(1 << 20);
  /** Confirmed sequence numbers (1-based), so a confirm seen twice counts once. */
  readonly #confirmedSeqs: Uint8Array;
  #conn: StreamConnection | undefined;
  /** The publishing id of sequence number 0: the broker's last stored id when the run began. */
  #base = 0;
  #next = 1;
  #published = 0;
  #confirmed = 0;
  #republished = 0;
  #errors = 0;
  #wake: (() => void) | undefined;
  #started = 0;

  constructor(options: StreamPublishOptions) {
    this.#o = options;
    this.#confirmedSeqs = new Uint8Array(options.count + 1);
  }

  /** Publishes every message (or until stopped) and waits for their confirms. */
  async run(): Promise<StreamPublishResult> {
    this.#started = performance.now();
    let error: string | undefined;
    try {
      await this.#attach(true);
      while (!this.#done()) {
        try {
          await this.#publishAll();
          await this.#waitFor(() => this.#confirmed >= this.#published || !this.#conn?.isOpen);
          if (this.#conn?.isOpen) break;
          throw new Error("the stream connection closed");
        } catch (e) {
          if (this.#o.signal?.aborted && this.#confirmed >= this.#published) break;
          await this.#reconnect(e instanceof Error ? e : new Error(String(e)));
        }
      }
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      await this.#conn?.close();
    }
    const seconds = (performance.now() - this.#started) / 1000;
    return {
      published: this.#published,
      confirmed: this.#confirmed,
      republished: this.#republished,
      errors: this.#errors,
      seconds,
      rate: seconds > 0 ? this.#confirmed / seconds : 0,
      ...(error ? { error } : {}),
    };
  }

  #done(): boolean {
    const target = this.#o.signal?.aborted ? this.#published : this.#o.count;
    return this.#confirmed + this.#errors >= target;
  }

  /** Connects, declares the publisher and learns where the broker's deduplication stands. */
  async #attach(first: boolean): Promise<void> {
    const conn = await this.#o.connect();
    this.#conn = conn;
    conn.handlers = {
      onConfirm: (id, count, r) => this.#onConfirm(id, count, r),
      onPublishError: (_id, errors) => {
        this.#errors += errors.length;
        this.#wake?.();
      },
    };
    conn.closed.then(() => this.#wake?.());
    const { producerName, stream } = this.#o;
    await conn.request(
      `declare publisher '${producerName}' on stream '${stream}'`,
      Key.declarePublisher,
      (w) => w.u8(PUBLISHER_ID).string(producerName).string(stream),
    );
    const stored = await this.#lastStored(conn);
    if (first) {
      this.#base = stored;
      return;
    }
    // Everything up to the broker's last stored id is in the stream: count it confirmed, and
    // publish again from the first message that is not.
    const through = Math.min(stored - this.#base, this.#o.count);
    for (let seq = 1; seq <= through; seq++) this.#confirm(seq);
    let next = 1;
    while (next < this.#next && this.#confirmedSeqs[next]) next++;
    this.#republished += this.#next - next;
    this.#next = next;
  }

  async #lastStored(conn: StreamConnection): Promise<number> {
    const r = await conn.request(
      `query publisher sequence of '${this.#o.producerName}'`,
      Key.queryPublisherSequence,
      (w) => w.string(this.#o.producerName).string(this.#o.stream),
    );
    return r.u64();
  }

  async #reconnect(cause: Error): Promise<void> {
    this.#o.onReconnect?.(cause);
    await this.#conn?.close().catch(() => {});
    const deadline = Date.now() + this.#o.reconnectTimeoutMs;
    let delay = 100;
    for (;;) {
      try {
        await this.#attach(false);
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

  #onConfirm(publisherId: number, count: number, r: FrameReader): void {
    if (publisherId !== PUBLISHER_ID) return;
    for (let i = 0; i < count; i++) {
      const seq = r.u64() - this.#base;
      if (seq >= 1 && seq <= this.#o.count) this.#confirm(seq);
    }
    this.#wake?.();
  }

  #confirm(seq: number): void {
    if (this.#confirmedSeqs[seq]) return;
    this.#confirmedSeqs[seq] = 1;
    this.#confirmed++;
    const every = this.#o.progressEvery ?? 0;
    if (every > 0 && this.#confirmed % every === 0) this.#o.onProgress?.(this.#confirmed);
  }

  /** Publishes from `#next` to the end, in frames, waiting while the window is full. */
  async #publishAll(): Promise<void> {
    const conn = this.#conn!;
    const { count, window, template } = this.#o;
    const perFrame = Math.max(
      1,
      Math.min(this.#o.batch ?? 1000, Math.floor((conn.frameMax - 64) / (template.length + 12))),
    );
    while (this.#next <= count && !this.#o.signal?.aborted) {
      if (!conn.isOpen) throw new Error("the stream connection closed");
      await this.#waitFor(() => this.#unconfirmed() < window || !conn.isOpen);
      const room = Math.min(perFrame, count - this.#next + 1, window - this.#unconfirmed());
      if (room <= 0) continue;
      await conn.write(this.#frame(this.#next, room));
      this.#next += room;
      this.#published = Math.max(this.#published, this.#next - 1);
    }
  }

  #unconfirmed(): number {
    return this.#next - 1 - this.#confirmed;
  }

  /** A publish frame of `n` messages from sequence number `from`. */
  #frame(from: number, n: number): Uint8Array {
    const w = this.#writer;
    const template = this.#o.template;
    const now = Date.now();
    w.begin(Key.publish).u8(PUBLISHER_ID).u32(n);
    for (let seq = from; seq < from + n; seq++) {
      w.u64(this.#base + seq).u32(template.length);
      const at = w.reserve(template.length);
      template.write(w.buffer, at, seq, now);
    }
    return w.end().finish();
  }

  #waitFor(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wake = () => {
        if (!ready()) return;
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
