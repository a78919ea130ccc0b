/**
 * Replay: copies of the messages in a queue (an audit queue, typically) published again, byte
 * for byte with one header added (`x-replayed-from`), with publisher confirms, while the queue
 * keeps every message. A classic or quorum queue is read without acking and handed back in
 * order when the run ends; a stream is read from an offset and never changes.
 *
 * Move (the management UI's "move messages"): the same copy, byte for byte with nothing added,
 * and each original acked once the broker confirmed its copy, so a message is never in neither
 * queue (at worst, after a crash, in both).
 */
import type { AMQPChannel, AMQPConsumer, AMQPMessage } from "../deps.ts";
import { publishRaw, type SafeAmqpClient, withHeaders } from "../amqp/mod.ts";
import type { StreamOffset } from "./stream_offset.ts";

/** Header that says which queue a replayed copy came from. */
export const REPLAYED_FROM_HEADER = "x-replayed-from";

/**
 * The broker's largest prefetch: a classic or quorum queue hands back what it lent only at
 * the end, so one run reads at most this many of its messages.
 */
export const MAX_QUEUE_REPLAY = 65_535;

/** Options for {@linkcode ReplayRun}. */
export interface ReplayOptions {
  /** The queue to copy from. */
  from: string;
  /** Where the copies go ("" is the default exchange). */
  exchange: string;
  /** The routing key of every copy; absent: each message's own. */
  routingKey?: string;
  /** Copy at most this many (the first ones); absent: all (a queue: up to {@linkcode MAX_QUEUE_REPLAY}). */
  count?: number;
  /** `from` is a stream: read it from here. */
  streamOffset?: StreamOffset;
  /** A stream has no end: stop when nothing arrived for this long (ms, default 2000). */
  streamIdleMs?: number;
  /** Most copies awaiting their confirm at once (default 1000). */
  confirmWindow?: number;
  /** Move instead of replay: add no header, and ack each original once its copy is confirmed. */
  move?: boolean;
}

/** The outcome of a replay. */
export interface ReplayResult {
  /** Messages read from `from`. */
  read: number;
  /** Copies the broker confirmed. */
  confirmed: number;
  /** Copies no queue took (returned by the broker). */
  returned: number;
  /** Messages in `from` when the run started (a queue), or `undefined` (a stream). */
  depth?: number;
  seconds: number;
}

/**
 * One replay.
 *
 * @example
 * ```ts
 * const result = await new ReplayRun(conn, { from: "audit.queue", exchange: "",
 *   routingKey: "work.queue" }).run();
 * console.log(`${result.confirmed} replayed`);
 * ```
 */
export class ReplayRun {
  readonly #conn: SafeAmqpClient;
  readonly #options: ReplayOptions;
  readonly #start = performance.now();

  // Reading: the channel the messages are lent on, and when to stop.
  #readChannel?: AMQPChannel;
  #subscription?: AMQPConsumer;
  #target = Infinity;
  #done!: () => void;
  #failed!: (error: unknown) => void;
  #lastDelivery = performance.now();

  // Publishing: the confirm-mode channel, and copies not yet confirmed (oldest first).
  #publishChannel?: AMQPChannel;
  #pending: Promise<number>[] = [];
  #chain: Promise<void> = Promise.resolve();
  #counts = { read: 0, confirmed: 0, returned: 0 };

  constructor(conn: SafeAmqpClient, options: ReplayOptions) {
    this.#conn = conn;
    this.#options = options;
  }

  /** Reads, copies and waits for every confirm; the source is handed back before it returns. */
  async run(): Promise<ReplayResult> {
    const finished = new Promise<void>((resolve, reject) => {
      this.#done = resolve;
      this.#failed = reject;
    });
    let depth: number | undefined;
    try {
      await this.#openPublishChannel();
      depth = await this.#subscribe();
      if (this.#target > 0) {
        const idle = this.#watchIdle();
        await finished.finally(() => clearInterval(idle));
      }
      await this.#chain;
      await Promise.all(this.#pending.splice(0));
    } finally {
      await this.#close();
    }
    return { ...this.#counts, depth, seconds: (performance.now() - this.#start) / 1000 };
  }

  /** A confirm-mode channel that counts returned copies. */
  async #openPublishChannel(): Promise<void> {
    const ch = this.#publishChannel = await this.#conn.channel();
    await ch.confirmSelect();
    ch.onReturn = () => void this.#counts.returned++;
  }

  /**
   * Subscribes to the source: a stream from its offset with a credit of 1000, a queue with a
   * prefetch of exactly what it will read (so nothing past that is lent). Returns the queue's
   * depth (undefined for a stream).
   */
  async #subscribe(): Promise<number | undefined> {
    const { from, count, streamOffset } = this.#options;
    const ch = this.#readChannel = await this.#conn.channel();
    let depth: number | undefined;
    if (streamOffset === undefined) {
      depth = (await ch.queueDeclare(from, { passive: true })).messageCount;
      // A move acks as it goes, so its prefetch is a window; a replay lends all it reads.
      const limit = this.#options.move ? Infinity : MAX_QUEUE_REPLAY;
      this.#target = Math.min(depth, count ?? limit, limit);
      if (this.#target === 0) return depth;
      await ch.prefetch(Math.min(this.#target, this.#options.move ? 1_000 : MAX_QUEUE_REPLAY));
    } else {
      this.#target = count ?? Infinity;
      await ch.prefetch(1_000);
    }
    this.#subscription = await ch.basicConsume(
      from,
      { noAck: false, args: streamOffset === undefined ? {} : { "x-stream-offset": streamOffset } },
      (msg) => this.#onDelivery(msg),
    );
    this.#subscription.wait().then(
      () => this.#done(),
      (error) => this.#failed(error),
    );
    return depth;
  }

  /** Takes a delivery in order; stops reading once the target is reached. */
  #onDelivery(msg: AMQPMessage): void {
    if (this.#counts.read >= this.#target) return; // past the target: handed back at the end
    this.#counts.read++;
    this.#lastDelivery = performance.now();
    this.#chain = this.#chain.then(() => this.#copy(msg)).catch((error) => this.#failed(error));
    if (this.#options.streamOffset !== undefined) void msg.ack(); // a stream's ack is credit
    if (this.#counts.read >= this.#target) this.#chain.then(() => this.#done());
  }

  /** Publishes one copy, waiting for the oldest confirm when the window is full. */
  async #copy(msg: AMQPMessage): Promise<void> {
    const window = this.#options.confirmWindow ?? 1_000;
    if (this.#pending.length >= window) await this.#pending.shift();
    const ch = this.#publishChannel!;
    const exchange = this.#options.exchange;
    const routingKey = this.#options.routingKey ?? msg.routingKey;
    const body = msg.body ?? new Uint8Array(0);
    const added: Record<string, string> = this.#options.move
      ? {}
      : { [REPLAYED_FROM_HEADER]: this.#options.from };
    const raw = this.#conn.rawPropertiesOf(msg);
    const confirmed = publishRaw(ch, {
      exchange,
      routingKey,
      body,
      properties: this.#options.move ? raw : withHeaders(raw, added),
      mandatory: true,
    });
    this.#pending.push(confirmed.then(async (tag) => {
      this.#counts.confirmed++;
      // The copy is safe: the original may go. Once any copy came back unroutable, none is
      // acked (a multiple confirm may cover it): the originals stay, at worst twice.
      if (this.#options.move && this.#counts.returned === 0) await msg.ack();
      return tag;
    }));
  }

  /** A stream has no end to reach: the run ends once nothing arrived for the idle time. */
  #watchIdle(): ReturnType<typeof setInterval> | undefined {
    if (this.#options.streamOffset === undefined) return undefined;
    const idleMs = this.#options.streamIdleMs ?? 2_000;
    return setInterval(() => {
      if (performance.now() - this.#lastDelivery >= idleMs) this.#chain.then(() => this.#done());
    }, Math.min(250, idleMs));
  }

  /** Closes both channels: closing the reading one hands every lent message back, in order. */
  async #close(): Promise<void> {
    for (const ch of [this.#readChannel, this.#publishChannel]) {
      if (ch && !ch.closed) await ch.close().catch(() => {});
    }
  }
}
