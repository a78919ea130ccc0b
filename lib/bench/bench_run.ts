/**
 * The benchmark: P producers and C consumers, each on its own connection, through one queue of
 * its own; rates every second, confirm and end-to-end latency percentiles, and a Jepsen-style
 * verification that every confirmed message of every producer arrived.
 */
import type { SafeAmqpClient } from "../amqp/mod.ts";
import {
  brokerVersionOf,
  checkQueueShape,
  connect,
  type ConnectHints,
  encodeProperties,
  fixedProperties,
  inspectQueue,
  PUBLISHER_FRAME_MAX,
  queueArguments,
  type QueueShape,
  type QueueType,
  type QueueVersion,
  shapeForBroker,
} from "../amqp/mod.ts";
import type { AmqpEndpoint } from "../config.ts";
import {
  Consumer,
  type DeliveredMessage,
  type DeliverySettings,
  DuplicateTracker,
  LatencyRecorder,
  type LatencySummary,
  publishMessages,
  type PublishResult,
  rate,
  splitEvenly,
} from "../messaging/mod.ts";
import { sleep } from "../_util/mod.ts";
import { benchBody, preciseNow, readBenchStamp } from "./bench_message.ts";

/** Options for {@linkcode runBench}. */
export interface BenchOptions {
  /** One broker, or a cluster's nodes: connections are spread over them round-robin. */
  endpoints: readonly AmqpEndpoint[];
  /** The caller's words for what to change when it cannot connect. */
  hints?: ConnectHints;
  /** Messages in total (split across producers); or use `durationSeconds`. */
  count?: number;
  durationSeconds?: number;
  producers: number;
  consumers: number;
  /** Body size in bytes (at least 16). */
  size: number;
  confirmWindow: number;
  /** Each consumer's prefetch and ack batching (auto-ack is unsafe; to compare). */
  delivery: DeliverySettings;
  queueType: QueueType;
  /** Classic queues' storage format (`x-queue-version`); absent: the broker's default. */
  queueVersion?: QueueVersion;
  durable: boolean;
  /** Publisher confirms (off only to compare with the unsafe mode). */
  confirm: boolean;
  /** Messages per second cap for all producers together; 0 is unlimited. */
  rate: number;
  /** Called once a second while messages flow. */
  onTick?: (tick: BenchTick) => void;
  /** How long to wait for the last messages once producers are done, without progress (ms). */
  drainTimeoutMs?: number;
}

/** One second of a run. */
export interface BenchTick {
  seconds: number;
  sent: number;
  confirmed: number;
  received: number;
}

/** The outcome of a bench run. */
export interface BenchResult {
  /** The run's own queue (deleted when the run ends). */
  queue: string;
  seconds: number;
  sent: number;
  confirmed: number;
  received: number;
  send_rate: number;
  receive_rate: number;
  confirm_latency_ms: LatencySummary;
  latency_ms: LatencySummary;
  /** Confirmed messages never received. */
  lost: number;
  /** Messages received more than once. */
  duplicated: number;
  peak_rss_mb: number;
}

/**
 * Runs one benchmark on a queue of its own (deleted afterwards).
 *
 * @example
 * ```ts
 * const result = await runBench({ endpoints, count: 100_000, producers: 1, consumers: 1, size: 16,
 *   confirmWindow: 2000, delivery: { prefetch: 1000, ackEvery: 100 }, queueType: "classic",
 *   durable: false, confirm: true, rate: 0 });
 * result.lost; // 0
 * ```
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  return await new BenchRun(options).run();
}

/**
 * One bench run, step by step: connect everyone and subscribe before the clock starts,
 * publish from every producer while a ticker reports each second, drain, verify, clean up.
 *
 * @example
 * ```ts
 * const result = await new BenchRun(options).run();
 * ```
 */
export class BenchRun {
  readonly #options: BenchOptions;
  readonly #queue = `bench.${crypto.randomUUID().slice(0, 8)}`;
  readonly #shape: QueueShape;

  // Every connection of the run (closed at the end); the first declares and cleans up.
  readonly #connections: SafeAmqpClient[] = [];
  #setup: SafeAmqpClient | undefined;
  #consumers: Consumer[] = [];
  #consuming: Promise<unknown>[] = [];

  // What the consumers saw: each producer's sequence numbers, and end-to-end latency.
  readonly #received = new DuplicateTracker();
  #receivedCount = 0;
  #duplicated = 0;
  readonly #latency = new LatencyRecorder();
  readonly #confirmLatency = new LatencyRecorder();

  // The clock and what the ticker reads while producers publish.
  #start = 0;
  #peakRss = Deno.memoryUsage().rss;
  #live: { published: number; confirmed: number }[] = [];

  constructor(options: BenchOptions) {
    this.#options = options;
    this.#shape = checkQueueShape({
      durable: options.durable,
      lazy: false,
      queueType: options.queueType,
      queueVersion: options.queueVersion,
      priority: false,
    });
  }

  /** Runs the benchmark and reports; the queue and the connections are gone afterwards. */
  async run(): Promise<BenchResult> {
    try {
      const producers = await this.#setUp();
      this.#start = performance.now();
      const ticker = setInterval(this.#ticker(), 1000);
      try {
        const results = await this.#publish(producers);
        const sendSeconds = (performance.now() - this.#start) / 1000;
        await this.#drain(results.reduce((n, r) => n + r.confirmed, 0));
        const seconds = (performance.now() - this.#start) / 1000;
        for (const c of this.#consumers) c.stop();
        await Promise.all(this.#consuming);
        return this.#result(results, sendSeconds, seconds);
      } finally {
        clearInterval(ticker);
      }
    } finally {
      await this.#tearDown();
    }
  }

  /** Declares the queue, subscribes every consumer, and returns the producers' connections. */
  async #setUp(): Promise<SafeAmqpClient[]> {
    const { consumers, producers } = this.#options;
    this.#setup = await this.#open("bench setup");
    const ch = await this.#setup.channel();
    // Durable whatever --durable says (that makes messages persistent): RabbitMQ 4.x deprecates
    // non-durable, non-exclusive queues, and the run's consumers use other connections.
    const { shape } = shapeForBroker(
      this.#shape,
      brokerVersionOf(this.#setup),
      this.#options.hints?.shapeWords,
    );
    await ch.queueDeclare(this.#queue, { durable: true }, queueArguments(shape));
    await ch.close();
    const consumerConns = await Promise.all(
      Array.from({ length: consumers }, (_, i) => this.#open(`bench consumer ${i + 1}`, i)),
    );
    const producerConns = await Promise.all(
      Array.from(
        { length: producers },
        (_, i) => this.#open(`bench producer ${i + 1}`, consumers + i),
      ),
    );
    this.#consumers = consumerConns.map((conn, i) => this.#consumer(conn, i));
    this.#consuming = this.#consumers.map((c) => c.run());
    while ((await inspectQueue(this.#setup, this.#queue))?.consumerCount !== consumers) {
      await sleep(20);
    }
    return producerConns;
  }

  /** A connection to the node `startAt` places it on (round-robin over the endpoints). */
  async #open(name: string, startAt = 0): Promise<SafeAmqpClient> {
    const { client } = await connect({
      endpoints: this.#options.endpoints,
      startAt,
      name,
      connectTimeoutMs: 10_000,
      frameMax: PUBLISHER_FRAME_MAX,
      hints: this.#options.hints,
    });
    this.#connections.push(client);
    return client;
  }

  /** Consumer `i`: records each bench message's producer, sequence number and latency. */
  #consumer(conn: SafeAmqpClient, i: number): Consumer {
    const handler = (msg: DeliveredMessage) => {
      const stamp = readBenchStamp(msg.body);
      if (!stamp) return;
      this.#receivedCount++;
      if (this.#received.markSeq(String(stamp.producer), stamp.seq)) this.#duplicated++;
      this.#latency.record(preciseNow() - stamp.sentAt);
    };
    const queue = this.#queue;
    const name = `bench-${i + 1}`;
    return new Consumer(conn, {
      queue,
      ...this.#options.delivery,
      expect: 0,
      maxRetries: 0,
      name,
      handler,
    });
  }

  /** Every producer publishes its share of the count (or until the duration ends). */
  async #publish(producers: SafeAmqpClient[]): Promise<PublishResult[]> {
    const options = this.#options;
    const stop = new AbortController();
    if (options.durationSeconds !== undefined) {
      setTimeout(() => stop.abort(), options.durationSeconds * 1000);
    }
    const shares = options.count !== undefined
      ? splitEvenly(options.count, options.producers)
      : Array(options.producers).fill(Number.MAX_SAFE_INTEGER);
    this.#live = producers.map(() => ({ published: 0, confirmed: 0 }));
    return await Promise.all(producers.map((conn, i) =>
      publishMessages(conn, {
        exchange: "",
        routingKey: this.#queue,
        count: shares[i],
        body: benchBody(i, options.size),
        properties: fixedProperties(
          encodeProperties(this.#shape.durable ? { deliveryMode: 2 } : {}),
        ),
        confirm: options.confirm,
        confirmWindow: options.confirmWindow,
        rate: options.rate / options.producers,
        signal: stop.signal,
        progressEvery: 500,
        onProgress: (p) => (this.#live[i] = { published: p.published, confirmed: p.confirmed }),
        onConfirm: options.confirm ? (ms) => this.#confirmLatency.record(ms) : undefined,
      })
    ));
  }

  /** The once-a-second report: rates since the previous tick, and the peak memory. */
  #ticker(): () => void {
    let last = { sent: 0, confirmed: 0, received: 0, at: this.#start };
    return () => {
      this.#peakRss = Math.max(this.#peakRss, Deno.memoryUsage().rss);
      const now = performance.now();
      const sent = this.#live.reduce((n, p) => n + p.published, 0);
      const confirmed = this.#live.reduce((n, p) => n + p.confirmed, 0);
      const per = (n: number) => n / ((now - last.at) / 1000);
      this.#options.onTick?.({
        seconds: (now - this.#start) / 1000,
        sent: per(sent - last.sent),
        confirmed: per(confirmed - last.confirmed),
        received: per(this.#receivedCount - last.received),
      });
      last = { sent, confirmed, received: this.#receivedCount, at: now };
    };
  }

  /** Waits for the consumers to catch up with what was confirmed, as long as they make progress. */
  async #drain(expected: number): Promise<void> {
    let seen = -1, idleSince = performance.now();
    while (this.#received.size < expected) {
      if (this.#receivedCount !== seen) {
        [seen, idleSince] = [this.#receivedCount, performance.now()];
      } else if (performance.now() - idleSince > (this.#options.drainTimeoutMs ?? 10_000)) break;
      await sleep(20);
    }
  }

  #result(results: PublishResult[], sendSeconds: number, seconds: number): BenchResult {
    const sent = results.reduce((n, r) => n + r.published, 0);
    return {
      queue: this.#queue,
      seconds,
      sent,
      confirmed: results.reduce((n, r) => n + r.confirmed, 0),
      received: this.#receivedCount,
      send_rate: sent / sendSeconds,
      receive_rate: rate(this.#receivedCount, seconds),
      confirm_latency_ms: this.#confirmLatency.summary(),
      latency_ms: this.#latency.summary(),
      lost: countLost(results, this.#received),
      duplicated: this.#duplicated,
      peak_rss_mb: Math.round(this.#peakRss / 1024 / 1024),
    };
  }

  /** Deletes the run's queue and closes every connection. */
  async #tearDown(): Promise<void> {
    const cleanup = this.#connections.find((c) => !c.closed);
    if (cleanup) {
      const ch = await cleanup.channel().catch(() => undefined);
      await ch?.queueDelete(this.#queue).catch(() => {});
    }
    await Promise.all(this.#connections.map((c) => c.close().catch(() => {})));
  }
}

/**
 * Confirmed messages that never arrived: for each producer, every sequence number up to what
 * it published must have come, less the ones the broker refused.
 *
 * @example
 * ```ts
 * const received = new DuplicateTracker();
 * received.markSeq("0", 1);
 * countLost([{ published: 2, confirmed: 2 }], received); // 1
 * ```
 */
export function countLost(
  results: Pick<PublishResult, "published" | "confirmed">[],
  received: DuplicateTracker,
): number {
  let lost = 0;
  results.forEach((r, producer) => {
    const refused = r.published - r.confirmed;
    let missing = 0;
    for (let seq = 1; seq <= r.published; seq++) {
      if (!received.hasSeq(String(producer), seq)) missing++;
    }
    lost += Math.max(0, missing - refused);
  });
  return lost;
}
