/**
 * Consuming the way a service does: a handler of typed bodies on one queue until stopped, with
 * the run-shaped `Consumer` underneath (acks after the handler, retries through delay queues,
 * dead letters copied with the reason), and the keeper's connection, so a dropped connection
 * is a resubscription rather than the end.
 */
import {
  type ConsumeProgress,
  Consumer,
  type DeliveredMessage,
  type MessageHandler,
} from "../messaging/mod.ts";
import type { SafeAmqpClient } from "../amqp/mod.ts";
import type { ConnectionKeeper } from "./connection_keeper.ts";
import { decodeJsonBody } from "./message_body.ts";
import { MessagingError } from "./messaging_error.ts";

/** Options for {@linkcode subscribe}. All optional. */
export interface ConsumeOptions {
  /** Messages the broker sends ahead, unacked, to this consumer (default 20). */
  prefetch?: number;
  /**
   * Bodies are JSON (the default): the handler gets the parsed value, and a body that is not
   * JSON is dead-lettered at once. `false`: the handler gets the body's bytes.
   */
  json?: boolean;
  /** Attempts after the first before a failing message is dead-lettered (default 0). */
  retries?: number;
  /**
   * The wait before each retry (ms): `initialMs`, doubling each time, at most `maxMs` (default
   * 1,000 and 30,000). The message waits in a delay queue on the broker (`<queue>.retry.<ms>`),
   * so others go on meanwhile and a restart loses no pending retry.
   */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * Where a message goes once its retries are spent, with the reason in its `x-error` header:
   * this queue (declared durable when missing), or `<queue>.dlq` by default.
   */
  deadLetterQueue?: string;
  /**
   * The queue dead-letters by itself (declared with `deadLetterQueue` through this broker, which
   * sets this): a message whose retries are spent is rejected, and the broker moves it, once.
   */
  brokerDeadLetters?: boolean;
  /** The consumer tag's prefix, shown in the management UI. */
  name?: string;
}

/**
 * Handles one body; returning (or resolving) acks the message, throwing (or rejecting) counts
 * as a failed attempt. Throw a {@linkcode MessagingError} of kind `invalid` to dead-letter the
 * message at once, without its retries.
 */
export type BodyHandler<T> = (body: T, message: DeliveredMessage) => void | Promise<void>;

/** A consumer that runs until stopped. */
export interface Subscription {
  /** The queue it consumes. */
  readonly queue: string;
  /** Counters as they stand: handled (`consumed`), retried, dead-lettered, duplicates, … */
  progress(): ConsumeProgress;
  /**
   * Stops taking deliveries, lets the handler finish the message in hand, acks what was
   * handled (the rest goes back to the queue) and answers the final counters.
   */
  stop(): Promise<ConsumeProgress>;
  /**
   * Settles when the subscription ends: with the counters once stopped, or with an error when
   * the broker ended it (the queue was deleted, or the connection could not be reopened).
   */
  readonly done: Promise<ConsumeProgress>;
}

/** The default of {@linkcode ConsumeOptions.prefetch}. */
export const DEFAULT_PREFETCH = 20;
/** The default of {@linkcode ConsumeOptions.backoff}. */
export const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 30_000 };

/**
 * Subscribes `handler` to `queue` and resolves once the broker accepted the subscription;
 * rejects when it did not (no such queue, say).
 *
 * @example
 * ```ts
 * const worker = await subscribe<Order>(keeper, "orders", { prefetch: 20, retries: 3 },
 *   (order) => fulfil(order));
 * // ... later
 * await worker.stop();
 * ```
 */
export async function subscribe<T>(
  keeper: ConnectionKeeper,
  queue: string,
  options: ConsumeOptions,
  handler: BodyHandler<T>,
): Promise<Subscription> {
  const client = await keeper.connection();
  const subscription = new QueueSubscription(client, keeper, queue, options, handler);
  await subscription.started;
  return subscription;
}

/** A {@linkcode Subscription} over a `Consumer` that reconnects through the keeper. */
class QueueSubscription<T> implements Subscription {
  readonly queue: string;
  readonly #consumer: Consumer;
  readonly done: Promise<ConsumeProgress>;
  /** Resolves on the first subscription; rejects when the run ended before it. */
  readonly started: Promise<void>;

  constructor(
    client: SafeAmqpClient,
    keeper: ConnectionKeeper,
    queue: string,
    options: ConsumeOptions,
    handler: BodyHandler<T>,
  ) {
    this.queue = queue;
    let subscribed!: () => void;
    const first = new Promise<void>((resolve) => (subscribed = resolve));
    this.#consumer = new Consumer(client, {
      queue,
      prefetch: options.prefetch ?? DEFAULT_PREFETCH,
      // Acks go in multi-acks of half the prefetch (and at least every 200 ms), so the broker
      // always has room to send more while a batch waits.
      ackEvery: Math.max(1, Math.floor((options.prefetch ?? DEFAULT_PREFETCH) / 2)),
      expect: 0,
      maxRetries: options.retries ?? 0,
      retryDelay: options.backoff ?? DEFAULT_BACKOFF,
      deadLetterQueue: options.deadLetterQueue,
      // A reject is one step the broker carries out once; a copy whose confirm is lost in a
      // dropped connection would be made again.
      queueDeadLetters: options.brokerDeadLetters ?? false,
      finalFailure: (error) => error instanceof MessagingError && error.kind === "invalid",
      handler: handlerOf(handler, options.json ?? true),
      name: options.name,
      // A service's message ids are its own, without end: remembering each to count
      // duplicates would grow for as long as it runs.
      countDuplicateIds: false,
      reconnect: (cause) => keeper.reconnect(cause),
      onSubscribed: subscribed,
    });
    this.done = this.#consumer.run();
    this.started = Promise.race([first, this.done.then(() => {})]);
  }

  progress(): ConsumeProgress {
    return this.#consumer.progress();
  }

  async stop(): Promise<ConsumeProgress> {
    this.#consumer.stop();
    return await this.done;
  }
}

/** The run-shaped handler for a body handler: decodes the body first, when JSON. */
function handlerOf<T>(handler: BodyHandler<T>, json: boolean): MessageHandler {
  if (json) return (message) => handler(decodeJsonBody<T>(message), message);
  return (message) => handler((message.body ?? new Uint8Array(0)) as T, message);
}
