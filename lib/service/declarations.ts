/**
 * Topology in the program's own shapes: an exchange, a queue (of any type, with any
 * arguments) and a binding, each declared now and remembered, so that after a reconnect the
 * same declarations run again, in the same order, before anything else uses the connection
 * (an exclusive or auto-delete queue went with the old connection; a node of a cluster that
 * was down may not know a transient one).
 */
import type { AMQPChannel } from "../deps.ts";
import { explainBrokerError, isConnectionLoss, type SafeAmqpClient } from "../amqp/mod.ts";
import type { HeaderValue } from "../messaging/mod.ts";
import { MessagingError } from "./messaging_error.ts";
import type { ConnectionKeeper } from "./connection_keeper.ts";

/** How {@linkcode Declarations.exchange} declares an exchange. */
export interface ExchangeOptions {
  /** `direct` (the default), `fanout`, `topic`, `headers`, or a plugin's type. */
  type?: string;
  /** Survives a broker restart (default true). */
  durable?: boolean;
  /** Deleted when its last binding goes (default false). */
  autoDelete?: boolean;
  /** Only other exchanges publish to it (default false). */
  internal?: boolean;
  /** Further arguments (`alternate-exchange`, a plugin's), sent as they are. */
  arguments?: Record<string, HeaderValue>;
}

/** How {@linkcode Declarations.queue} declares a queue. */
export interface QueueOptions {
  /**
   * `classic`, `quorum` or `stream` (`x-queue-type`); absent: the broker's default (classic,
   * or what the vhost's default queue type says).
   */
  type?: "classic" | "quorum" | "stream";
  /** Survives a broker restart (default true; quorum queues and streams always do). */
  durable?: boolean;
  /** Only this connection may use it, and it goes with the connection (default false). */
  exclusive?: boolean;
  /** Deleted when its last consumer goes (default false). */
  autoDelete?: boolean;
  /**
   * Further arguments, sent as they are: `x-message-ttl`, `x-max-length`,
   * `x-dead-letter-exchange`, `x-delivery-limit`, …
   */
  arguments?: Record<string, HeaderValue>;
  /**
   * The queue the broker moves this queue's dead letters to (rejected, expired, over its
   * length limit), declared durable first: `x-dead-letter-exchange` "" (the default exchange)
   * and `x-dead-letter-routing-key` this name. A consumer of the queue then dead-letters by
   * rejecting, which the broker carries out once, with the message's `x-death` record.
   */
  deadLetterQueue?: string;
}

/** What the broker said of a queue it declared. */
export interface QueueState {
  /** The queue's name. */
  name: string;
  /** Messages ready in it. */
  messageCount: number;
  /** Consumers subscribed to it. */
  consumerCount: number;
}

/** One remembered declaration: what it is, for errors, and how to make it on a channel. */
interface Declaration {
  what: string;
  /** The queue and the exchange it declares or binds, to forget it when one is deleted. */
  queue?: string;
  exchange?: string;
  /** Makes it on `channel`; its answer is what the declaring call returns. */
  apply(channel: AMQPChannel): Promise<unknown>;
}

/**
 * The declarations a program made, replayed on every new connection.
 *
 * @example
 * ```ts
 * const declarations = new Declarations(keeper); // restores itself on each reconnect
 * await declarations.exchange("orders", { type: "direct" });
 * await declarations.queue("orders", { type: "quorum" });
 * await declarations.bind("orders", "orders", "new");
 * ```
 */
export class Declarations {
  readonly #keeper: ConnectionKeeper;
  /** In the order they were made: an exchange and a queue before the binding between them. */
  readonly #made: Declaration[] = [];
  /** The dead-letter queue of each queue declared with one, by queue name. */
  readonly #deadLetterQueues = new Map<string, string>();

  /** Declarations on `keeper`'s connection, made again on each new one. */
  constructor(keeper: ConnectionKeeper) {
    this.#keeper = keeper;
    keeper.onReconnect((client) => this.#replay(client));
  }

  /** Declares an exchange (idempotent); a mismatch with an existing one is refused. */
  async exchange(name: string, options: ExchangeOptions = {}): Promise<void> {
    await this.#declare({
      what: `exchange '${name}'`,
      exchange: name,
      apply: (ch) =>
        ch.exchangeDeclare(name, options.type ?? "direct", {
          durable: options.durable ?? true,
          autoDelete: options.autoDelete ?? false,
          internal: options.internal ?? false,
        }, options.arguments ?? {}),
    });
  }

  /** Declares a queue (idempotent) and answers its counts; a mismatch is refused. */
  async queue(name: string, options: QueueOptions = {}): Promise<QueueState> {
    if (!name) {
      throw new MessagingError(
        "invalid",
        "a queue needs a name to be declared again after a reconnect",
      );
    }
    const args: Record<string, HeaderValue> = { ...options.arguments };
    if (options.type) args["x-queue-type"] = options.type;
    if (options.deadLetterQueue) {
      await this.queue(options.deadLetterQueue);
      args["x-dead-letter-exchange"] = "";
      args["x-dead-letter-routing-key"] = options.deadLetterQueue;
    }
    const replicated = options.type === "quorum" || options.type === "stream";
    const ok = await this.#declare({
      what: `queue '${name}'`,
      queue: name,
      apply: (ch) =>
        ch.queueDeclare(name, {
          durable: replicated || (options.durable ?? true),
          exclusive: options.exclusive ?? false,
          autoDelete: options.autoDelete ?? false,
        }, args),
    }) as { messageCount: number; consumerCount: number };
    if (options.deadLetterQueue) this.#deadLetterQueues.set(name, options.deadLetterQueue);
    else this.#deadLetterQueues.delete(name);
    return { name, messageCount: ok.messageCount, consumerCount: ok.consumerCount };
  }

  /** The dead-letter queue `queue` was declared with here, if it was. */
  deadLetterQueueOf(queue: string): string | undefined {
    return this.#deadLetterQueues.get(queue);
  }

  /**
   * Binds `queue` to `exchange` with `routingKey` (a topic pattern such as `orders.*`, or ""),
   * and `args` for a headers exchange (`x-match` and the headers to match).
   */
  async bind(
    queue: string,
    exchange: string,
    routingKey = "",
    args: Record<string, HeaderValue> = {},
  ): Promise<void> {
    await this.#declare({
      what: `the binding of queue '${queue}' to exchange '${exchange}'`,
      queue,
      exchange,
      apply: (ch) => ch.queueBind(queue, exchange, routingKey, args),
    });
  }

  /** Deletes a queue (and forgets its declaration and bindings); answers how many it held. */
  async deleteQueue(name: string): Promise<number> {
    this.#forget((made) => made.queue === name);
    this.#deadLetterQueues.delete(name);
    const ok = await this.#once(`queue '${name}'`, (ch) => ch.queueDelete(name));
    return (ok as { messageCount: number }).messageCount;
  }

  /** Deletes an exchange (and forgets its declaration and bindings). */
  async deleteExchange(name: string): Promise<void> {
    this.#forget((made) => made.exchange === name);
    await this.#once(`exchange '${name}'`, (ch) => ch.exchangeDelete(name));
  }

  /**
   * Remembers `declaration` and makes it. A connection lost meanwhile is waited out: the new
   * connection gets every remembered declaration, this one included, and it is made again to
   * answer. A refusal is not remembered.
   */
  async #declare(declaration: Declaration): Promise<unknown> {
    this.#made.push(declaration);
    try {
      return await this.#once(declaration.what, declaration.apply);
    } catch (error) {
      this.#made.splice(this.#made.indexOf(declaration), 1);
      throw error;
    }
  }

  /** Runs `step` on a channel of its own, across lost connections; explains a refusal. */
  async #once(what: string, step: (ch: AMQPChannel) => Promise<unknown>): Promise<unknown> {
    for (;;) {
      const client = await this.#keeper.connection();
      try {
        return await onChannel(client, step);
      } catch (error) {
        if (isConnectionLoss(error, client)) continue; // the keeper reconnects; once more
        throw new MessagingError(
          "refused",
          `${what}: ${explainBrokerError(error)}`,
          { cause: error },
        );
      }
    }
  }

  /** Makes every remembered declaration again, in order, on a new connection. */
  async #replay(client: SafeAmqpClient): Promise<void> {
    for (const declaration of this.#made) {
      try {
        await onChannel(client, declaration.apply);
      } catch (error) {
        if (isConnectionLoss(error, client)) throw error;
        throw new MessagingError(
          "refused",
          `${declaration.what} could not be declared again after a reconnect: ${
            explainBrokerError(error)
          }`,
          { cause: error },
        );
      }
    }
  }

  /** Drops the remembered declarations `gone` picks (those of a deleted queue or exchange). */
  #forget(gone: (made: Declaration) => boolean): void {
    for (let i = this.#made.length - 1; i >= 0; i--) {
      if (gone(this.#made[i])) this.#made.splice(i, 1);
    }
  }
}

/** Runs `step` on a fresh channel, so a refusal (which closes it) leaves the connection be. */
async function onChannel<T>(
  client: SafeAmqpClient,
  step: (ch: AMQPChannel) => Promise<T>,
): Promise<T> {
  const ch = await client.channel();
  try {
    return await step(ch);
  } finally {
    if (!ch.closed) await ch.close().catch(() => {});
  }
}
