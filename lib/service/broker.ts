/**
 * The toolkit as a library, behind one class. It holds one AMQP connection that comes back by
 * itself after a drop, and offers two faces on it:
 * - service-shaped, for a program that runs: topology in its own shapes (`declareExchange`,
 *   `declareQueue`, `bindQueue`), `publisher()` whose `send` resolves on the broker's confirm,
 *   `consume()` of typed bodies until stopped, with retries and a dead-letter queue;
 * - run-shaped, as the scripts use it: `declareTopology`, `publish` of N messages with a
 *   confirm window, `consumer` with a stop condition.
 * A program of your own never handles the client library's types.
 */
import {
  declareTopology,
  inspectQueue,
  purgeQueues,
  type SafeAmqpClient,
  type Topology,
} from "../amqp/mod.ts";
import { parseAmqpUrls } from "../config.ts";
import {
  type ConsumeProgress,
  Consumer,
  type ConsumeResult,
  type ConsumerSettings,
  publishMessages,
  type PublishResult,
  type PublishSettings,
} from "../messaging/mod.ts";
import { ConnectionKeeper } from "./connection_keeper.ts";
import {
  Declarations,
  type ExchangeOptions,
  type QueueOptions,
  type QueueState,
} from "./declarations.ts";
import type { HeaderValue } from "../messaging/mod.ts";
import { MessagingError } from "./messaging_error.ts";
import { Publisher, type PublisherOptions } from "./publisher.ts";
import {
  type BodyHandler,
  type ConsumeOptions,
  subscribe,
  type Subscription,
} from "./subscription.ts";

/** A run-shaped consumer made by {@linkcode Broker.consumer}: run it, stop it, ask how it goes. */
export interface ConsumeRun {
  /** Subscribes and resolves when the run ends (`expect` reached, stopped, or idle). */
  run(): Promise<ConsumeResult>;
  /** Stops taking deliveries; what was handled is acked, the rest goes back. */
  stop(): void;
  /** The counters as they stand. */
  progress(): ConsumeProgress;
}

/** Options for {@linkcode Broker.connect}. */
export interface BrokerOptions {
  /** An AMQP URL (`amqp://user:password@host:5672/vhost`), or a comma-separated list of nodes. */
  url: string;
  /** The connection's name, shown in the management UI (default `rabbitmq-toolkit`). */
  name?: string;
  /** How long (ms) to keep trying while no broker answers at first; default 30 s. */
  connectTimeoutMs?: number;
  /**
   * After a dropped connection, connect again (the next node of `url` first), declare again
   * what was declared, resubscribe consumers and re-send unconfirmed messages: `true` (the
   * default) keeps trying for as long as it takes; `{ timeoutMs }` gives up after that long;
   * `false` ends every send and consumer with the connection.
   */
  reconnect?: boolean | { timeoutMs: number };
  /** Told that the connection dropped, with why; reconnecting starts. */
  onLost?: (error: Error) => void;
  /** Told that a new connection is open and restored, with the node it went to. */
  onBack?: (endpoint: string) => void;
  /**
   * Told that the connection is gone for good (reconnecting was refused or gave up): sends
   * reject, and consumers end, with a {@linkcode MessagingError} of kind `closed`.
   */
  onFailed?: (error: MessagingError) => void;
}

/**
 * One connection to RabbitMQ that reconnects by itself, and what the toolkit does with it.
 *
 * @example
 * ```ts
 * const broker = await Broker.connect({ url: "amqp://guest:guest@localhost:5672" });
 * await broker.declareQueue("greetings");
 * await broker.publisher<string>({ exchange: "" }).send("hello", { routingKey: "greetings" });
 * await broker.close();
 * ```
 */
export class Broker {
  readonly #keeper: ConnectionKeeper;
  /** What was declared, made again on every new connection before anything else. */
  readonly #declarations: Declarations;
  /** The service-shaped consumers, stopped by `close()` before the connection goes. */
  readonly #subscriptions = new Set<Subscription>();

  private constructor(keeper: ConnectionKeeper) {
    this.#keeper = keeper;
    this.#declarations = new Declarations(keeper);
  }

  /** Connects to the first node of `options.url` that answers, retrying with backoff. */
  static async connect(options: BrokerOptions): Promise<Broker> {
    const { reconnect = true } = options;
    const keeper = await ConnectionKeeper.open({
      endpoints: parseAmqpUrls(options.url),
      name: options.name ?? "rabbitmq-toolkit",
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
      reconnect: reconnect !== false,
      reconnectTimeoutMs: typeof reconnect === "object" ? reconnect.timeoutMs : undefined,
      onLost: options.onLost,
      onBack: options.onBack,
      onFailed: options.onFailed,
    });
    return new Broker(keeper);
  }

  /** The node it is connected to, without its password. */
  get endpoint(): string {
    return this.#keeper.endpoint;
  }

  /**
   * Declares an exchange (durable, `direct` unless said otherwise), again after each
   * reconnect. Rejects with a {@linkcode MessagingError} of kind `refused` when one of that
   * name exists otherwise.
   */
  async declareExchange(name: string, options?: ExchangeOptions): Promise<void> {
    await this.#declarations.exchange(name, options);
  }

  /**
   * Declares a queue (durable unless said otherwise; any type and arguments), again after each
   * reconnect; answers its message and consumer counts. Rejects with kind `refused` when one
   * of that name exists with other settings.
   */
  async declareQueue(name: string, options?: QueueOptions): Promise<QueueState> {
    return await this.#declarations.queue(name, options);
  }

  /**
   * Binds `queue` to `exchange` with `routingKey` (a topic pattern, or "" for a fanout), and
   * `args` for a headers exchange; again after each reconnect.
   */
  async bindQueue(
    queue: string,
    exchange: string,
    routingKey = "",
    args?: Record<string, HeaderValue>,
  ): Promise<void> {
    await this.#declarations.bind(queue, exchange, routingKey, args);
  }

  /** Deletes a queue (no longer declared after a reconnect); answers how many messages it held. */
  async deleteQueue(name: string): Promise<number> {
    return await this.#declarations.deleteQueue(name);
  }

  /** Deletes an exchange (no longer declared after a reconnect). */
  async deleteExchange(name: string): Promise<void> {
    await this.#declarations.deleteExchange(name);
  }

  /**
   * A publisher to one exchange: `send(body, { routingKey, messageId, headers, … })` resolves
   * on the broker's confirm and rejects (with a kind) on a nack, a return, a timeout or a
   * closed broker. Bodies go as JSON unless `json: false`.
   */
  publisher<T = unknown>(options: PublisherOptions): Publisher<T> {
    return new Publisher<T>(this.#keeper, options);
  }

  /**
   * Consumes `queue` until stopped: `handler` gets each body (parsed JSON unless
   * `json: false`) and the message; the message is acked after it returns, retried with
   * backoff when it throws, and dead-lettered once its retries are spent. Resolves once
   * subscribed; a dropped connection is a resubscription, not the end.
   */
  async consume<T = unknown>(
    queue: string,
    options: ConsumeOptions,
    handler: BodyHandler<T>,
  ): Promise<Subscription> {
    // A queue declared here with its dead-letter queue dead-letters through the broker.
    const declared = this.#declarations.deadLetterQueueOf(queue);
    if (declared && options.deadLetterQueue && options.deadLetterQueue !== declared) {
      throw new MessagingError(
        "invalid",
        `queue '${queue}' was declared to dead-letter into '${declared}', not ` +
          `'${options.deadLetterQueue}'`,
      );
    }
    const subscription = await subscribe(this.#keeper, queue, {
      ...options,
      brokerDeadLetters: declared !== undefined,
    }, handler);
    this.#subscriptions.add(subscription);
    subscription.done.finally(() => this.#subscriptions.delete(subscription)).catch(() => {});
    return subscription;
  }

  /**
   * Declares the exchange, queues and bindings of the scripts' `topology` (idempotent; not
   * declared again after a reconnect). Returns what the broker's version changed (lazy mode
   * left out on RabbitMQ 3.12 and later), to tell the user.
   */
  async declareTopology(topology: Topology): Promise<string[]> {
    return await declareTopology(await this.#connection(), topology);
  }

  /** A queue's message and consumer counts, or `undefined` when it does not exist. */
  async inspectQueue(
    queue: string,
  ): Promise<{ messageCount: number; consumerCount: number } | undefined> {
    return await inspectQueue(await this.#connection(), queue);
  }

  /** Empties the queues; answers how many messages each held. */
  async purgeQueues(queues: string[]): Promise<Record<string, number>> {
    return await purgeQueues(await this.#connection(), queues);
  }

  /**
   * Publishes `settings.count` messages with publisher confirms and a bounded confirm window
   * (see `publishMessages`); after a dropped connection, what was not confirmed is published
   * again on the new one.
   */
  async publish(settings: PublishSettings): Promise<PublishResult> {
    return await publishMessages(await this.#connection(), {
      ...settings,
      reconnect: (cause) => this.#keeper.reconnect(cause),
    });
  }

  /**
   * A consumer of one queue with manual acks, retries and dead-lettering that ends on a
   * condition (see `Consumer`); it resubscribes after a dropped connection.
   */
  consumer(settings: ConsumerSettings): ConsumeRun {
    let consumer: Consumer | undefined;
    let stopped = false;
    return {
      run: async (): Promise<ConsumeResult> => {
        consumer = new Consumer(await this.#connection(), {
          ...settings,
          reconnect: (cause) => this.#keeper.reconnect(cause),
        });
        if (stopped) consumer.stop();
        return await consumer.run();
      },
      stop: () => {
        stopped = true;
        consumer?.stop();
      },
      progress: () =>
        consumer?.progress() ??
          {
            consumed: 0,
            seconds: 0,
            redelivered: 0,
            duplicates: 0,
            foreign: 0,
            retried: 0,
            deadLettered: 0,
          },
    };
  }

  /**
   * Stops the consumers (what they handled is acked), then closes the connection; sends still
   * waiting reject with kind `closed`.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#subscriptions].map((s) => s.stop()));
    await this.#keeper.close();
  }

  /** The open connection (during a reconnect: the new one, once restored). */
  #connection(): Promise<SafeAmqpClient> {
    return this.#keeper.connection();
  }
}
