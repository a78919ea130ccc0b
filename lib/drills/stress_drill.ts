/**
 * The stress drill, as the seed's stress test runs: a durable queue filled with N persistent
 * messages (1,000,000 unless told; each with its audit copy) while nothing consumes, the whole
 * backlog checked Ready before consuming starts, then drained with a large prefetch (5,000 by
 * default). It reports the backlog's peak, the publish and drain rates, the drain time, and the
 * peak memory of this process (publisher and consumer) and of the broker; every confirmed
 * message must arrive once, the work queue end empty and the audit queue keep every copy.
 * `concurrent` runs today's variant instead: publishing and consuming one queue at once, with
 * latency percentiles.
 */
import type { ManagementClient } from "../management/mod.ts";
import { runBench } from "../bench/mod.ts";
import { newRunId } from "../messaging/mod.ts";
import { formatBytes, formatInteger as n, formatMs } from "../shared/mod.ts";
import { checkConsumed, checkDrained, checkPublished, checkReady } from "./drill_checks.ts";
import { declareDrillQueues, drillQueues, removeDrillQueues } from "./drill_queues.ts";
import { consumeNumbered, publishNumbered } from "./message_flow.ts";
import { queueFigures } from "./ready_check.ts";
import type { DrillReport } from "./drill_report.ts";
import type { DrillSettings } from "./drill_settings.ts";

/** The seed's prefetch for draining the backlog. */
export const STRESS_PREFETCH = 5_000;

/** Settings of the stress drill. */
export interface StressDrillSettings extends DrillSettings {
  /** Publish and consume at the same time (no backlog builds), instead of fill then drain. */
  concurrent?: boolean;
}

/**
 * Runs the stress drill against `settings.endpoints`.
 *
 * @example
 * ```ts
 * const report = new DrillReport("stress", console.log);
 * await stressDrill({ endpoints, count: 1_000_000, prefix: "drill", idleTimeoutMs: 30_000,
 *   keep: false, prefetch: 5_000, management, report });
 * ```
 */
export async function stressDrill(settings: StressDrillSettings): Promise<void> {
  const memory = new PeakMemory(settings.management);
  const timer = setInterval(() => memory.sample(), 1_000);
  try {
    if (settings.concurrent) await concurrentRun(settings, memory);
    else await backlogRun(settings, memory);
  } finally {
    clearInterval(timer);
  }
  await memory.sample({ force: true });
  reportMemory(settings.report, memory);
}

/** The seed's run: fill the durable queue, check the backlog Ready, then drain it. */
async function backlogRun(settings: StressDrillSettings, memory: PeakMemory): Promise<void> {
  const { endpoints, count, report } = settings;
  const prefetch = settings.prefetch ?? STRESS_PREFETCH;
  const runId = newRunId();
  const queues = drillQueues(`${settings.prefix}.stress`, runId);
  const flow = { endpoints, reconnectTimeoutMs: 60_000 };
  let backlogPeak = 0;
  const figures = {
    management: settings.management,
    endpoints,
    onReady: (ready: number) => (backlogPeak = Math.max(backlogPeak, ready)),
  };
  await declareDrillQueues(endpoints, queues, "classic");
  report.step(
    `declared ${queues.exchange} -> ${queues.work} and ${queues.audit} (durable); filling them with ` +
      `${n(count)} persistent messages while nothing consumes`,
  );
  try {
    const published = await publishNumbered({
      ...flow,
      queues,
      count,
      runId,
      progressEvery: Math.max(1, Math.floor(count / 20)),
      onConfirmed: () => void memory.sample(),
    });
    checkPublished(report, published, count);
    checkReady(report, queues.work, await queueFigures(figures, queues.work), count);
    report.step(`backlog peak ${n(backlogPeak)} Ready; draining it with prefetch ${n(prefetch)}`);
    const consumed = await consumeNumbered({
      ...flow,
      queue: queues.work,
      count,
      runId,
      idleTimeoutMs: settings.idleTimeoutMs,
      prefetch,
    });
    checkConsumed(report, consumed, { exactlyOnce: true });
    const drained = await queueFigures(figures, queues.work, { drained: true });
    checkDrained(report, queues.work, drained);
    checkReady(report, queues.audit, await queueFigures(figures, queues.audit), count);
    const drainSeconds = consumed.result.seconds;
    report.step(
      `backlog peak ${n(backlogPeak)}, published ${n(Math.round(published.rate))}/s, drained ` +
        `${n(Math.round(consumed.result.rate))}/s in ${drainSeconds.toFixed(1)} s`,
    );
    report.figures({
      backlog_peak: backlogPeak,
      prefetch,
      drain_seconds: Number(drainSeconds.toFixed(3)),
    });
  } finally {
    if (!settings.keep) await removeDrillQueues(endpoints, queues);
  }
}

/** Today's run: one queue published to and consumed at full speed at the same time. */
async function concurrentRun(settings: StressDrillSettings, memory: PeakMemory): Promise<void> {
  const { count, report } = settings;
  const prefetch = settings.prefetch ?? STRESS_PREFETCH;
  report.step(`publishing and consuming ${n(count)} messages through one queue at once`);
  const result = await runBench({
    endpoints: settings.endpoints,
    count,
    producers: 1,
    consumers: 1,
    size: 16,
    confirmWindow: 2_000,
    delivery: { prefetch, ackEvery: Math.max(1, Math.floor(prefetch / 10)) },
    queueType: "classic",
    durable: false,
    confirm: true,
    rate: 0,
    drainTimeoutMs: settings.idleTimeoutMs,
    onTick: () => void memory.sample(),
  });
  memory.client(result.peak_rss_mb * 1024 * 1024);
  const { latency_ms: latency } = result;
  report.step(
    `sent ${n(result.sent)} (${n(Math.round(result.send_rate))}/s), confirmed ` +
      `${n(result.confirmed)}, received ${n(result.received)} (${
        n(Math.round(result.receive_rate))
      }/s) in ${result.seconds.toFixed(1)} s`,
  );
  report.step(
    `latency p50 ${formatMs(latency.p50)}, p95 ${formatMs(latency.p95)}, p99 ${
      formatMs(latency.p99)
    }, max ${formatMs(latency.max)}`,
  );
  report.figures({
    sent: result.sent,
    confirmed: result.confirmed,
    received: result.received,
    send_rate: Math.round(result.send_rate),
    receive_rate: Math.round(result.receive_rate),
    latency_p50_ms: latency.p50,
    latency_p95_ms: latency.p95,
    latency_p99_ms: latency.p99,
    latency_max_ms: latency.max,
    lost: result.lost,
    duplicated: result.duplicated,
    prefetch,
  });
  report.check(result.confirmed === count, `${n(count - result.confirmed)} were not confirmed`);
  report.check(result.lost === 0, `${n(result.lost)} confirmed messages never arrived`);
  report.check(result.duplicated === 0, `${n(result.duplicated)} messages arrived twice`);
}

/** The peak memory of both sides, as a step and figures. */
function reportMemory(report: DrillReport, memory: PeakMemory): void {
  const clientMb = Math.round(memory.clientPeak / 1024 / 1024);
  report.step(
    `peak memory: this process (publisher and consumer) ${clientMb} MB, the broker ${
      memory.brokerPeak !== undefined
        ? formatBytes(memory.brokerPeak)
        : memory.brokerWatched
        ? "unknown (the management API reported no node's memory during the run)"
        : "(no management API)"
    }`,
  );
  report.figures({
    peak_rss_mb: clientMb,
    ...(memory.brokerPeak === undefined ? {} : { broker_peak_memory_bytes: memory.brokerPeak }),
  });
}

/** The most memory this process and the broker used, sampled as the run goes. */
class PeakMemory {
  readonly #broker: PeakBrokerMemory;
  #client = Deno.memoryUsage().rss;
  #lastSample = 0;

  constructor(management?: ManagementClient) {
    this.#broker = new PeakBrokerMemory(management);
  }

  /** This process's peak resident memory, in bytes. */
  get clientPeak(): number {
    return this.#client;
  }

  /** The broker's peak, in bytes (`undefined` without the management API, or no reading). */
  get brokerPeak(): number | undefined {
    return this.#broker.peak;
  }

  /** Whether the broker's memory was asked of a management API. */
  get brokerWatched(): boolean {
    return this.#broker.watched;
  }

  /** Counts a peak measured elsewhere (the concurrent run's own sampling). */
  client(bytes: number): void {
    this.#client = Math.max(this.#client, bytes);
  }

  /** Samples both sides, at most a few times a second unless forced (cheap to call often). */
  async sample(options: { force?: boolean } = {}): Promise<void> {
    const now = performance.now();
    if (!options.force && now - this.#lastSample < 200) return;
    this.#lastSample = now;
    this.#client = Math.max(this.#client, Deno.memoryUsage().rss);
    await this.#broker.sample(options.force);
  }
}

/** The most memory the broker's nodes used at once, read once a second from the management API. */
class PeakBrokerMemory {
  readonly #management?: ManagementClient;
  #peak?: number;
  #reading?: Promise<void>;

  constructor(management?: ManagementClient) {
    this.#management = management;
  }

  /** Whether there is a management API to ask. */
  get watched(): boolean {
    return this.#management !== undefined;
  }

  /** The peak so far, in bytes (`undefined` without the management API, or no reading). */
  get peak(): number | undefined {
    return this.#peak;
  }

  /**
   * Reads the nodes' memory now (one read at a time; a failed read is skipped). `force` waits
   * for a read under way and reads once more: the last reading of a run is never skipped.
   */
  async sample(force = false): Promise<void> {
    if (!this.#management) return;
    if (this.#reading) {
      if (!force) return;
      await this.#reading;
    }
    this.#reading = this.#read(this.#management).finally(() => (this.#reading = undefined));
    await this.#reading;
  }

  async #read(management: ManagementClient): Promise<void> {
    try {
      const nodes = (await management.nodes()).filter((node) => node.running);
      // Under load the broker's statistics of a node can lag its listing: a node listed
      // without `mem_used` has not reported yet. Such a read is not counted (it summed to 0).
      if (nodes.length === 0 || nodes.some((node) => typeof node.mem_used !== "number")) return;
      const used = nodes.reduce((sum, node) => sum + node.mem_used!, 0);
      this.#peak = Math.max(this.#peak ?? 0, used);
    } catch {
      // The management API busy or away: this second is not counted.
    }
  }
}
