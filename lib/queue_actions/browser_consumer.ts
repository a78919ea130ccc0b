/**
 * The tutorials' GUI consumer window, served from the monitor: a real competing consumer on a
 * queue (named, with a prefetch and manual acks) that hands each message to a page and acks
 * it only once the page's stream took it. When the page goes, its channel closes and whatever
 * it had not passed on goes back to the queue.
 */
import type { AMQPChannel, AMQPConsumer, AMQPMessage } from "@cloudamqp/amqp-client";
import type { AmqpLink } from "../amqp/mod.ts";
import type { InspectedMessage } from "../shared/mod.ts";
import { inspectedMessageOf } from "../feed/mod.ts";

/** Options for {@linkcode BrowserConsumer}. */
export interface BrowserConsumerOptions {
  /** The queue to consume. */
  queue: string;
  /** Unacked messages the broker may send ahead. */
  prefetch: number;
  /** Consumer tag prefix, shown in the management UI and on the queue page. */
  name: string;
  /** Longest body text passed on per message (bytes). */
  maxBodyBytes?: number;
}

/**
 * One page's consumer.
 *
 * @example
 * ```ts
 * const consumer = new BrowserConsumer(link, { queue: "work.queue", prefetch: 10, name: "page" });
 * await consumer.start((message) => stream.write(JSON.stringify(message) + "\n"));
 * // ...when the page leaves:
 * await consumer.stop();
 * ```
 */
export class BrowserConsumer {
  readonly #link: AmqpLink;
  readonly #options: BrowserConsumerOptions;
  /** The consumer tag: the name with a random suffix, unique on the broker. */
  readonly tag: string;

  // The subscription, and the end of the chain that hands deliveries on one at a time, in order.
  #channel?: AMQPChannel;
  #subscription?: AMQPConsumer;
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;
  #stopReason?: string;
  /** Messages handed on and acked. */
  taken = 0;

  constructor(link: AmqpLink, options: BrowserConsumerOptions) {
    this.#link = link;
    this.#options = options;
    this.tag = `${options.name}-${crypto.randomUUID().slice(0, 8)}`;
  }

  /**
   * Subscribes; each message goes to `deliver` and is acked once `deliver` resolved. A
   * `deliver` that throws (the page left) stops the consumer, and that message goes back.
   * Rejects when the broker refuses the subscription (no such queue, an exclusive consumer).
   */
  async start(deliver: (message: InspectedMessage) => Promise<void>): Promise<void> {
    const ch = this.#channel = await (await this.#link.connection()).channel();
    try {
      await ch.prefetch(this.#options.prefetch);
      this.#subscription = await ch.basicConsume(
        this.#options.queue,
        { noAck: false, tag: this.tag },
        (msg) => void (this.#chain = this.#chain.then(() => this.#handOn(msg, deliver))),
      );
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Why {@linkcode stop} was called, when a reason was given. */
  get stopReason(): string | undefined {
    return this.#stopReason;
  }

  /** Resolves when the subscription ended: stopped, or ended by the broker or the connection. */
  async ended(): Promise<void> {
    await this.#subscription?.wait();
  }

  /** Passes one message on, then acks it; stops (the message goes back) if that fails. */
  async #handOn(
    msg: AMQPMessage,
    deliver: (message: InspectedMessage) => Promise<void>,
  ): Promise<void> {
    if (this.#stopped) return; // not acked: back to the queue when the channel closes
    try {
      await deliver(inspectedMessageOf(msg, this.#options.maxBodyBytes ?? 4096));
    } catch {
      return await this.stop();
    }
    await msg.ack().catch(() => {}); // a closed channel redelivers it anyway
    this.taken++;
  }

  /**
   * Cancels the subscription and closes the channel: unacked messages go back to the queue.
   * `reason`, if given, is kept in {@linkcode stopReason} for the page.
   */
  async stop(reason?: string): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopReason = reason;
    const ch = this.#channel;
    if (ch && !ch.closed) {
      await this.#subscription?.cancel().catch(() => {});
      await ch.close().catch(() => {});
    }
  }
}
