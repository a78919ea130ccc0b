/**
 * A drill's messages: N numbered persistent messages of one run, published with confirms and
 * consumed with manual acks, each side reconnecting (to the next node of a cluster) when its
 * connection drops. The consumer tallies what arrived, so a lost message is named by number.
 */
import type { AmqpEndpoint } from "../config.ts";
import { FailoverConnector, type SafeAmqpClient } from "../amqp/mod.ts";
import {
  Consumer,
  type ConsumeResult,
  EnvelopeTemplate,
  publishMessages,
  type PublishResult,
} from "../messaging/mod.ts";
import { SeqTally } from "./seq_tally.ts";

/** Where a drill's messages go. */
export interface DrillQueues {
  exchange: string;
  routingKey: string;
  /** The work queue the consumer drains. */
  work: string;
  /** The audit queue that keeps a copy of every message ("" for none). */
  audit: string;
}

/** How a drill's clients reach the broker. */
export interface FlowOptions {
  /** The broker, or a cluster's nodes in the order to try them. */
  endpoints: readonly AmqpEndpoint[];
  /** How long a dropped connection keeps trying to come back (ms). */
  reconnectTimeoutMs: number;
}

/** Options for {@linkcode publishNumbered}. */
export interface PublishNumberedOptions extends FlowOptions {
  queues: DrillQueues;
  count: number;
  /** The run the messages' ids carry (see `EnvelopeTemplate`). */
  runId: string;
  /** Told every `progressEvery` confirms how many there are. */
  onConfirmed?: (confirmed: number) => void;
  progressEvery?: number;
}

/** The connection a drill's client uses, reopened by the same connector after a drop. */
class DrillConnection {
  readonly #connector: FailoverConnector;
  #current?: SafeAmqpClient;

  constructor(options: FlowOptions, name: string) {
    this.#connector = new FailoverConnector({
      endpoints: options.endpoints,
      name,
      connectTimeoutMs: 30_000,
      reconnectTimeoutMs: options.reconnectTimeoutMs,
    });
  }

  async open(): Promise<SafeAmqpClient> {
    return this.#current = await this.#connector.connect();
  }

  readonly reconnect = async (): Promise<SafeAmqpClient> =>
    this.#current = await this.#connector.reconnect();

  async close(): Promise<void> {
    if (this.#current && !this.#current.closed) await this.#current.close().catch(() => {});
  }
}

const BODY = new TextEncoder().encode("drill message");

/**
 * Publishes messages 1..count, persistent, with publisher confirms; unconfirmed ones are
 * published again after a reconnect, and nacked ones up to five times (they may then arrive
 * twice, never not at all).
 *
 * @example
 * ```ts
 * const result = await publishNumbered({ endpoints, reconnectTimeoutMs: 60_000, queues,
 *   count: 10_000, runId: newRunId() });
 * result.confirmed; // 10000
 * ```
 */
export async function publishNumbered(options: PublishNumberedOptions): Promise<PublishResult> {
  const link = new DrillConnection(options, "drill producer");
  try {
    return await publishMessages(await link.open(), {
      exchange: options.queues.exchange,
      routingKey: options.queues.routingKey,
      count: options.count,
      body: BODY,
      properties: new EnvelopeTemplate({
        producerId: "drill",
        host: Deno.hostname(),
        runId: options.runId,
        contentType: "text/plain",
        persistent: true,
      }),
      confirmWindow: 1_000,
      rate: 0,
      // A quorum queue electing a new leader nacks for a moment: publish those again.
      nackRetries: 5,
      onProgress: options.onConfirmed && ((p) => options.onConfirmed!(p.confirmed)),
      progressEvery: options.progressEvery,
      reconnect: link.reconnect,
    });
  } finally {
    await link.close();
  }
}

/** Options for {@linkcode consumeNumbered}. */
export interface ConsumeNumberedOptions extends FlowOptions {
  queue: string;
  count: number;
  runId: string;
  /** Give up waiting once nothing arrived for this long (ms): what is missing stays missing. */
  idleTimeoutMs: number;
  /** Unacked messages the broker may send ahead (default 500); acks go in fifths of it. */
  prefetch?: number;
  /** Told how many messages arrived so far (once per new one). */
  onArrived?: (unique: number) => void;
}

/** What {@linkcode consumeNumbered} saw. */
export interface ConsumedNumbered {
  tally: SeqTally;
  result: ConsumeResult;
  /** Messages of other runs or other clients in the queue (left acked, not counted). */
  strangers: number;
}

/**
 * Consumes the run's messages with manual acks until every one arrived, or nothing came for
 * `idleTimeoutMs`; each is acked after it was counted.
 *
 * @example
 * ```ts
 * const { tally } = await consumeNumbered({ endpoints, reconnectTimeoutMs: 60_000,
 *   queue: "drill.work", count: 10_000, runId, idleTimeoutMs: 5_000 });
 * tally.missing(); // [] when nothing was lost
 * ```
 */
export async function consumeNumbered(options: ConsumeNumberedOptions): Promise<ConsumedNumbered> {
  const link = new DrillConnection(options, "drill consumer");
  const tally = new SeqTally(options.count);
  let strangers = 0;
  const prefetch = options.prefetch ?? 500;
  try {
    const consumer: Consumer = new Consumer(await link.open(), {
      queue: options.queue,
      prefetch,
      ackEvery: Math.max(1, Math.floor(prefetch / 5)),
      expect: 0,
      maxRetries: 0,
      idleTimeoutMs: options.idleTimeoutMs,
      name: "drill",
      reconnect: link.reconnect,
      handler: (_message, envelope) => {
        if (envelope?.runId !== options.runId) return void strangers++;
        tally.mark(envelope.seq);
        options.onArrived?.(tally.unique);
        // Stopped once this message is settled: stopping inside the handler would close the
        // channel before its ack, and the broker would put it back in the queue.
        if (tally.complete) queueMicrotask(() => consumer.stop());
      },
    });
    const result = await consumer.run();
    return { tally, result, strangers };
  } finally {
    await link.close();
  }
}
