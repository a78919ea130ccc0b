/**
 * The toolkit as a library, behind one class: connect to a broker, declare a topology, publish
 * with confirms, consume with acks. It holds the AMQP connection itself, so a program of your own
 * never handles the client library's types.
 */
import type { SafeAmqpClient } from "../amqp/mod.ts";
import { connect, declareTopology, inspectQueue, purgeQueues, type Topology } from "../amqp/mod.ts";
import { parseAmqpUrls } from "../config.ts";
import {
  type ConsumeProgress,
  Consumer,
  type ConsumeResult,
  type ConsumerSettings,
} from "./consumer.ts";
import { publishMessages, type PublishResult, type PublishSettings } from "./publisher.ts";

/** Options for {@linkcode Broker.connect}. */
export interface BrokerOptions {
  /** An AMQP URL (`amqp://user:password@host:5672/vhost`), or a comma-separated list of nodes. */
  url: string;
  /** The connection's name, shown in the management UI. */
  name?: string;
  /** How long (ms) to keep trying while no broker answers; default 30 s. */
  connectTimeoutMs?: number;
}

/** A consumer made by {@linkcode Broker.consumer}: run it, stop it, ask how it goes. */
export interface ConsumeRun {
  /** Subscribes and resolves when the run ends (`expect` reached, stopped, or idle). */
  run(): Promise<ConsumeResult>;
  /** Stops taking deliveries; what was handled is acked, the rest goes back. */
  stop(): void;
  /** The counters as they stand. */
  progress(): ConsumeProgress;
}

/**
 * One connection to RabbitMQ and what the toolkit does with it.
 *
 * @example
 * ```ts
 * const broker = await Broker.connect({ url: "amqp://guest:guest@localhost:5672" });
 * const result = await broker.publish({ exchange: "", routingKey: "orders", count: 100,
 *   body: new TextEncoder().encode("hi"), properties: () => ({}), confirmWindow: 100, rate: 0 });
 * await broker.close();
 * ```
 */
export class Broker {
  readonly #client: SafeAmqpClient;
  /** The node it is connected to, without its password. */
  readonly endpoint: string;

  private constructor(client: SafeAmqpClient, endpoint: string) {
    this.#client = client;
    this.endpoint = endpoint;
  }

  /** Connects to the first node of `options.url` that answers, retrying with backoff. */
  static async connect(options: BrokerOptions): Promise<Broker> {
    const { client, endpoint } = await connect({
      endpoints: parseAmqpUrls(options.url),
      name: options.name ?? "rabbitmq-toolkit",
      connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    });
    return new Broker(client, endpoint.display);
  }

  /**
   * Declares the exchange, queues and bindings of `topology` (idempotent). Returns what the
   * broker's version changed (lazy mode left out on RabbitMQ 3.12 and later), to tell the user.
   */
  declareTopology(topology: Topology): Promise<string[]> {
    return declareTopology(this.#client, topology);
  }

  /** A queue's message and consumer counts, or `undefined` when it does not exist. */
  async inspectQueue(
    queue: string,
  ): Promise<{ messageCount: number; consumerCount: number } | undefined> {
    return await inspectQueue(this.#client, queue);
  }

  /** Empties the queues; answers how many messages each held. */
  async purgeQueues(queues: string[]): Promise<Record<string, number>> {
    return await purgeQueues(this.#client, queues);
  }

  /** Publishes with publisher confirms and a bounded confirm window (see `publishMessages`). */
  async publish(settings: PublishSettings): Promise<PublishResult> {
    return await publishMessages(this.#client, settings);
  }

  /** A consumer of one queue with manual acks, retries and dead-lettering (see `Consumer`). */
  consumer(settings: ConsumerSettings): ConsumeRun {
    return new Consumer(this.#client, settings);
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    if (!this.#client.closed) await this.#client.close();
  }
}
