/**
 * The stress drill: the 1,000,000-message run (count configurable) through one queue, publisher
 * confirms and manual acks, with rates, latency percentiles and the peak memory of this process
 * (both clients) and of the broker. Every confirmed message must arrive, once.
 */
import type { ManagementClient } from "../management/mod.ts";
import { runBench } from "../bench/mod.ts";
import { formatBytes, formatInteger as n, formatMs } from "../shared/mod.ts";
import type { DrillSettings } from "./drill_settings.ts";

/** Settings of the stress drill: the broker's management API, to follow its memory. */
export interface StressDrillSettings extends DrillSettings {
  /** Without it the broker's memory is not reported. */
  management?: ManagementClient;
}

/**
 * Runs the stress drill against `settings.endpoints`.
 *
 * @example
 * ```ts
 * const report = new DrillReport("stress", console.log);
 * await stressDrill({ endpoints, count: 1_000_000, prefix: "drill", idleTimeoutMs: 30_000,
 *   keep: false, report });
 * ```
 */
export async function stressDrill(settings: StressDrillSettings): Promise<void> {
  const { count, report } = settings;
  const brokerMemory = new PeakBrokerMemory(settings.management);
  report.step(`publishing and consuming ${n(count)} messages through one queue`);
  const result = await runBench({
    endpoints: settings.endpoints,
    count,
    producers: 1,
    consumers: 1,
    size: 16,
    confirmWindow: 2_000,
    delivery: { prefetch: 1_000, ackEvery: 100 },
    queueType: "classic",
    durable: false,
    confirm: true,
    rate: 0,
    drainTimeoutMs: settings.idleTimeoutMs,
    onTick: () => brokerMemory.sample(),
  });
  await brokerMemory.sample();
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
  report.step(
    `peak memory: this process (publisher and consumer) ${result.peak_rss_mb} MB, the broker ${
      brokerMemory.peak === undefined ? "(no management API)" : formatBytes(brokerMemory.peak)
    }`,
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
    peak_rss_mb: result.peak_rss_mb,
    ...(brokerMemory.peak === undefined ? {} : { broker_peak_memory_bytes: brokerMemory.peak }),
  });
  report.check(result.confirmed === count, `${n(count - result.confirmed)} were not confirmed`);
  report.check(result.lost === 0, `${n(result.lost)} confirmed messages never arrived`);
  report.check(result.duplicated === 0, `${n(result.duplicated)} messages arrived twice`);
}

/** The most memory the broker's nodes used at once, read once a second from the management API. */
class PeakBrokerMemory {
  readonly #management?: ManagementClient;
  #peak?: number;
  #reading = false;

  constructor(management?: ManagementClient) {
    this.#management = management;
  }

  /** The peak so far, in bytes (`undefined` without the management API). */
  get peak(): number | undefined {
    return this.#peak;
  }

  /** Reads the nodes' memory now (one read at a time; a failed read is skipped). */
  async sample(): Promise<void> {
    if (!this.#management || this.#reading) return;
    this.#reading = true;
    try {
      const nodes = await this.#management.nodes();
      const used = nodes.reduce((sum, node) => sum + (node.mem_used ?? 0), 0);
      this.#peak = Math.max(this.#peak ?? 0, used);
    } catch {
      // The management API busy or away: this second is not counted.
    } finally {
      this.#reading = false;
    }
  }
}
