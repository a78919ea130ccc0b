/**
 * The live message feed: a private, exclusive, auto-delete queue bound like the queue being
 * watched, so viewers see a copy of each message and never take one from the workers. One tap
 * per set of bindings, shared by every viewer of it, deleted when the last viewer leaves.
 * Messages reach viewers in batches (a few per second) so a fast run cannot flood a browser.
 */
import type { AMQPChannel, AMQPMessage } from "@cloudamqp/amqp-client";
import type { AmqpLink } from "../amqp/mod.ts";
import { FEED_QUEUE_PREFIX } from "../config.ts";
import type { FeedBatch } from "../shared/mod.ts";
import { inspectedMessageOf } from "./message_view.ts";

/** Where the tap's queue is bound. */
export interface FeedBinding {
  exchange: string;
  routingKey: string;
  arguments?: Record<string, unknown>;
}

/** Options for {@linkcode MessageFeed}. */
export interface MessageFeedOptions {
  /** How often viewers get a batch (ms). */
  batchMs?: number;
  /** Most messages per batch. */
  maxPerBatch?: number;
  /** Longest body text shown (bytes). */
  maxBodyBytes?: number;
  /** Most taps (private queues) open at once; a new one closes the oldest. */
  maxTaps?: number;
}

interface Tap {
  channel: AMQPChannel;
  listeners: Set<(event: FeedBatch | Error) => void>;
  /** The latest messages as delivered: described only when a batch goes out. */
  recent: AMQPMessage[];
  count: number;
  timer: ReturnType<typeof setInterval>;
}

/**
 * Taps the broker for live viewers.
 *
 * @example
 * ```ts
 * const feed = new MessageFeed(link);
 * const leave = await feed.watch([{ exchange: "direct.exchange", routingKey: "work" }],
 *   (event) => console.log(event));
 * await leave();
 * ```
 */
export class MessageFeed {
  readonly #link: AmqpLink;
  readonly #options: Required<MessageFeedOptions>;
  readonly #taps = new Map<string, Promise<Tap>>();

  constructor(link: AmqpLink, options: MessageFeedOptions = {}) {
    this.#link = link;
    this.#options = {
      batchMs: 250,
      maxPerBatch: 50,
      maxBodyBytes: 1_000,
      maxTaps: 20,
      ...options,
    };
  }

  /** Number of open taps (private queues) right now. */
  get taps(): number {
    return this.#taps.size;
  }

  /**
   * Starts delivering batches (or an `Error` when the tap dies) to `listener`; resolves with
   * the function that stops it. Rejects when the tap cannot be set up (e.g. no such exchange).
   */
  async watch(
    bindings: FeedBinding[],
    listener: (event: FeedBatch | Error) => void,
  ): Promise<() => Promise<void>> {
    const key = JSON.stringify(bindings);
    let pending = this.#taps.get(key);
    if (!pending) {
      if (this.#taps.size >= this.#options.maxTaps) await this.#closeOldest();
      pending = this.#open(key, bindings);
      this.#taps.set(key, pending);
      pending.catch(() => this.#taps.delete(key));
    }
    const tap = await pending;
    tap.listeners.add(listener);
    return async () => {
      tap.listeners.delete(listener);
      if (tap.listeners.size === 0 && this.#taps.get(key) === pending) {
        this.#taps.delete(key);
        await this.#close(tap);
      }
    };
  }

  async #open(key: string, bindings: FeedBinding[]): Promise<Tap> {
    const conn = await this.#link.connection();
    const channel = await conn.channel();
    try {
      // Exclusive and auto-delete: private to this connection, gone with the tap. Bounded,
      // dropping the oldest, so a tap nobody reads fast enough cannot grow.
      const { name } = await channel.queueDeclare(`${FEED_QUEUE_PREFIX}${crypto.randomUUID()}`, {
        exclusive: true,
        autoDelete: true,
      }, {
        "x-max-length": 1_000,
        "x-overflow": "drop-head",
      });
      for (const b of bindings) {
        await channel.queueBind(name, b.exchange, b.routingKey, b.arguments ?? {});
      }
      const tap: Tap = {
        channel,
        listeners: new Set(),
        recent: [],
        count: 0,
        timer: undefined as unknown as ReturnType<typeof setInterval>,
      };
      tap.timer = setInterval(() => this.#flush(tap), this.#options.batchMs);
      const consumer = await channel.basicConsume(
        name,
        { noAck: true },
        (msg) => this.#receive(tap, msg),
      );
      consumer.wait().catch((error) => {
        // The connection or channel died: tell viewers (they reconnect) and forget the tap.
        if (this.#taps.has(key)) this.#taps.delete(key);
        clearInterval(tap.timer);
        for (const listener of tap.listeners) {
          listener(error instanceof Error ? error : new Error(String(error)));
        }
      });
      return tap;
    } catch (error) {
      if (!channel.closed) await channel.close().catch(() => {});
      throw error;
    }
  }

  #receive(tap: Tap, msg: AMQPMessage): void {
    tap.count++;
    tap.recent.push(msg);
    if (tap.recent.length > this.#options.maxPerBatch) tap.recent.shift();
  }

  #flush(tap: Tap): void {
    if (tap.count === 0) return;
    const batch: FeedBatch = {
      count: tap.count,
      messages: tap.recent.map((msg) => inspectedMessageOf(msg, this.#options.maxBodyBytes)),
    };
    tap.count = 0;
    tap.recent = [];
    for (const listener of tap.listeners) listener(batch);
  }

  /** Makes room for a new tap: the oldest one's viewers are told, and it is deleted. */
  async #closeOldest(): Promise<void> {
    const [key, oldest] = this.#taps.entries().next().value!;
    this.#taps.delete(key);
    const tap = await oldest.catch(() => undefined);
    if (!tap) return;
    const error = new Error(`closed: at most ${this.#options.maxTaps} live feeds at once`);
    for (const listener of tap.listeners) listener(error);
    await this.#close(tap);
  }

  async #close(tap: Tap): Promise<void> {
    clearInterval(tap.timer);
    if (!tap.channel.closed) await tap.channel.close().catch(() => {});
  }

  /** Closes every tap. */
  async close(): Promise<void> {
    const taps = [...this.#taps.values()];
    this.#taps.clear();
    for (const pending of taps) await pending.then((tap) => this.#close(tap), () => {});
  }
}
