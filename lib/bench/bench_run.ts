/**
 * The benchmark: P producers and C consumers, each on its own connection, through one queue of
 * its own; rates every second, confirm and end-to-end latency percentiles, and a Jepsen-style
 * verification that every confirmed message of every producer arrived.
 */
import { PUBLISHER_FRAME_MAX } from "../amqp/mod.ts";
import type { AMQPClient } from "@cloudamqp/amqp-client";
import { benchBody, preciseNow, readBenchStamp } from "./bench_message.ts";
import type { AmqpEndpoint } from "../config.ts";
import { connect } from "../amqp/mod.ts";
import { Consumer } from "../messaging/mod.ts";
import { DuplicateTracker } from "../messaging/mod.ts";
import { publishMessages, type PublishResult } from "../messaging/mod.ts";
import { LatencyRecorder, type LatencySummary } from "../messaging/mod.ts";
import { checkQueueShape, inspectQueue, queueArguments, type QueueType } from "../amqp/mod.ts";
import { sleep } from "../_util/mod.ts";

/** Options for {@linkcode runBench}. */
export interface BenchOptions {
  /** One broker, or a cluster's nodes: connections are spread over them round-robin. */
  endpoints: readonly AmqpEndpoint[];
  /** Messages in total (split across producers); or use `durationSeconds`. */
  count?: number;
  durationSeconds?: number;
  producers: number;
  consumers: number;
  /** Body size in bytes (at least 16). */
  size: number;
  confirmWindow: number;
  prefetch: number;
  ackEvery: number;
  queueType: QueueType;
  durable: boolean;
  /** Publisher confirms (off only to compare with the unsafe mode). */
  confirm: boolean;
  /** Auto-ack consumers (unsafe; to compare). */
  autoAck: boolean;
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
 *   confirmWindow: 2000, prefetch: 1000, ackEvery: 100, queueType: "classic", durable: false,
 *   confirm: true, autoAck: false, rate: 0 });
 * result.lost; // 0
 * ```
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const queue = `bench.${crypto.randomUUID().slice(0, 8)}`;
  const shape = checkQueueShape({
    durable: options.durable,
    lazy: false,
    queueType: options.queueType,
    priority: false,
  });
  const open = async (name: string, startAt = 0) =>
    (await connect({
      endpoints: options.endpoints,
      startAt,
      name,
      connectTimeoutMs: 10_000,
      frameMax: PUBLISHER_FRAME_MAX,
    })).client;
  const connections: AMQPClient[] = [];
  const received = new DuplicateTracker();
  const latency = new LatencyRecorder();
  const confirmLatency = new LatencyRecorder();
  let receivedCount = 0, duplicated = 0, peakRss = Deno.memoryUsage().rss;

  try {
    // Everyone connects and subscribes before the clock starts.
    const setup = await open("bench setup");
    connections.push(setup);
    const ch = await setup.channel();
    await ch.queueDeclare(queue, { durable: shape.durable }, queueArguments(shape));
    await ch.close();
    const consumerConns = await Promise.all(
      Array.from({ length: options.consumers }, (_, i) => open(`bench consumer ${i + 1}`, i)),
    );
    const producerConns = await Promise.all(
      Array.from(
        { length: options.producers },
        (_, i) => open(`bench producer ${i + 1}`, options.consumers + i),
      ),
    );
    connections.push(...consumerConns, ...producerConns);

    const consumers = consumerConns.map((conn, i) =>
      new Consumer(conn, {
        queue,
        prefetch: options.prefetch,
        expect: 0,
        ackEvery: options.ackEvery,
        autoAck: options.autoAck,
        maxRetries: 0,
        name: `bench-${i + 1}`,
        handler: (msg) => {
          const stamp = readBenchStamp(msg.body);
          if (!stamp) return;
          receivedCount++;
          if (received.markSeq(String(stamp.producer), stamp.seq)) duplicated++;
          latency.record(preciseNow() - stamp.sentAt);
        },
      })
    );
    const consuming = consumers.map((c) => c.run());
    while ((await inspectQueue(setup, queue))?.consumerCount !== options.consumers) {
      await sleep(20);
    }

    const stop = new AbortController();
    const perProducer = options.count !== undefined
      ? splitEvenly(options.count, options.producers)
      : Array(options.producers).fill(Number.MAX_SAFE_INTEGER);
    const live = producerConns.map(() => ({ published: 0, confirmed: 0 }));
    const start = performance.now();
    if (options.durationSeconds !== undefined) {
      setTimeout(() => stop.abort(), options.durationSeconds * 1000);
    }
    let last = { sent: 0, confirmed: 0, received: 0, at: start };
    const ticker = setInterval(() => {
      peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
      const now = performance.now();
      const sent = live.reduce((n, p) => n + p.published, 0);
      const confirmed = live.reduce((n, p) => n + p.confirmed, 0);
      const per = (n: number) => n / ((now - last.at) / 1000);
      options.onTick?.({
        seconds: (now - start) / 1000,
        sent: per(sent - last.sent),
        confirmed: per(confirmed - last.confirmed),
        received: per(receivedCount - last.received),
      });
      last = { sent, confirmed, received: receivedCount, at: now };
    }, 1000);

    let results: PublishResult[];
    try {
      results = await Promise.all(producerConns.map((conn, i) =>
        publishMessages(conn, {
          exchange: "",
          routingKey: queue,
          count: perProducer[i],
          body: benchBody(i, options.size),
          properties: shape.durable ? () => ({ deliveryMode: 2 }) : () => ({}),
          confirm: options.confirm,
          confirmWindow: options.confirmWindow,
          rate: options.rate / options.producers,
          signal: stop.signal,
          progressEvery: 500,
          onProgress: (p) => (live[i] = { published: p.published, confirmed: p.confirmed }),
          onConfirm: options.confirm ? (ms) => confirmLatency.record(ms) : undefined,
        })
      ));
      const sendSeconds = (performance.now() - start) / 1000;
      const expected = results.reduce((n, r) => n + r.confirmed, 0);
      // Wait for the consumers to catch up, as long as they make progress.
      let seen = -1, idleSince = performance.now();
      while (received.size < expected) {
        if (receivedCount !== seen) [seen, idleSince] = [receivedCount, performance.now()];
        else if (performance.now() - idleSince > (options.drainTimeoutMs ?? 10_000)) break;
        await sleep(20);
      }
      const seconds = (performance.now() - start) / 1000;
      for (const c of consumers) c.stop();
      await Promise.all(consuming);

      let lost = 0;
      results.forEach((r, producer) => {
        // Every sequence number up to what was published, less the refused ones, must have come.
        const refused = r.published - r.confirmed;
        let missing = 0;
        for (let seq = 1; seq <= r.published; seq++) {
          if (!received.hasSeq(String(producer), seq)) missing++;
        }
        lost += Math.max(0, missing - refused);
      });
      const sent = results.reduce((n, r) => n + r.published, 0);
      return {
        queue,
        seconds,
        sent,
        confirmed: expected,
        received: receivedCount,
        send_rate: sent / sendSeconds,
        receive_rate: receivedCount / seconds,
        confirm_latency_ms: confirmLatency.summary(),
        latency_ms: latency.summary(),
        lost,
        duplicated,
        peak_rss_mb: Math.round(peakRss / 1024 / 1024),
      };
    } finally {
      clearInterval(ticker);
    }
  } finally {
    const cleanup = connections.find((c) => !c.closed);
    if (cleanup) {
      const ch = await cleanup.channel().catch(() => undefined);
      await ch?.queueDelete(queue).catch(() => {});
    }
    await Promise.all(connections.map((c) => c.close().catch(() => {})));
  }
}

/** `total` split into `parts` whole numbers that differ by at most one. */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
}
