/**
 * Polls the management API once per interval, whatever the number of viewers, and hands the
 * same snapshot to every subscriber; never faster than the broker can answer (a slow answer
 * stretches the interval), and not at all while nobody watches. While the management API is
 * down it keeps showing what AMQP alone can tell, and comes back by itself.
 */
import { type ManagementClient, SNAPSHOT_QUEUE_COLUMNS, statisticsDisabled } from "./management.ts";
import {
  type ChartPoint,
  fullStatistics,
  type QueueSnapshot,
  type Snapshot,
  type Thresholds,
} from "../shared/mod.ts";
import { amqpSnapshot, buildSnapshot } from "./snapshot_builder.ts";
import { FEED_QUEUE_PREFIX } from "../config.ts";
import { messageOf } from "../_util/mod.ts";

/** What the page and the terminal say when the broker collects no management statistics. */
export const STATISTICS_OFF =
  "the broker collects no management statistics (management_agent.disable_metrics_collector): " +
  "queues and nodes from the management API, depths and consumers over AMQP; " +
  "rates, unacked counts and connections unavailable";

/**
 * The most of the broker's time the polls may take: a poll the broker took 2 s to answer waits
 * 10 s for the next, whatever the interval asked for. A listing of thousands of queues is work
 * for the broker; the monitor must not become its heaviest client.
 */
export const MAX_BROKER_SHARE = 0.2;
/** Polling pauses when no viewer is subscribed and nothing asked for this many intervals. */
export const IDLE_INTERVALS = 3;

/**
 * The wait before the next poll: the interval asked for, stretched so that polls take at most
 * {@linkcode MAX_BROKER_SHARE} of the broker's time.
 *
 * @example
 * ```ts
 * pollInterval(2_000, 100); // 2000
 * pollInterval(2_000, 2_400); // 12000
 * ```
 */
export function pollInterval(intervalMs: number, lastPollMs: number): number {
  return Math.max(intervalMs, Math.round(lastPollMs / MAX_BROKER_SHARE));
}

/** Depth and consumer count of a queue, as a passive declare reports them. */
export interface QueueDepth {
  name: string;
  ready: number;
  consumers: number;
}

/** Options for {@linkcode SnapshotPoller}. */
export interface SnapshotPollerOptions {
  management: ManagementClient;
  intervalMs: number;
  thresholds: Thresholds;
  /** Reads depths over AMQP, for when the management API is down. */
  amqpDepths: (queues: string[]) => Promise<QueueDepth[]>;
  /** Queues to watch over AMQP even if the management API was never reached. */
  knownQueues: string[];
  /** Snapshots of rate history kept for charts (default 150: five minutes at 2 s). */
  historySize?: number;
}

/**
 * The one poller of a monitor server.
 *
 * @example
 * ```ts
 * const poller = new SnapshotPoller({ management, intervalMs: 2000, thresholds: DEFAULT_THRESHOLDS,
 *   amqpDepths, knownQueues: ["work.queue"] });
 * const unsubscribe = poller.subscribe((snapshot) => console.log(snapshot.totals));
 * poller.start();
 * ```
 */
export class SnapshotPoller {
  readonly #options: SnapshotPollerOptions;
  readonly #listeners = new Set<(snapshot: Snapshot) => void>();
  // Chart points of the last snapshots (not the snapshots: on a busy broker each holds every
  // queue, connection and channel, and 150 of them weighed tens of MB).
  readonly #history: { totals: ChartPoint; queues: Map<string, ChartPoint> }[] = [];
  #latest?: Snapshot;
  // What the AMQP fallback keeps watching while the management API is away: the queues of the
  // last listing (with their type and features, which AMQP cannot tell), and queues a page named.
  #lastSeen = new Map<string, QueueSnapshot>();
  readonly #named = new Set<string>();
  // Polling runs between start() and stop(), and pauses while nobody watches: no subscriber,
  // and no page, API call or scrape asked for a snapshot within IDLE_INTERVALS intervals.
  #timer?: ReturnType<typeof setTimeout>;
  #running = false;
  #paused = false;
  #demandedAt = 0;
  #lastPollMs = 0;
  #polls = 0;
  /** The poll under way, which a first page load waits for instead of polling again. */
  #pending?: Promise<Snapshot>;

  constructor(options: SnapshotPollerOptions) {
    this.#options = options;
  }

  /** How many times the management API was polled (for the one-poll-per-interval promise). */
  get polls(): number {
    return this.#polls;
  }

  /** Number of subscribers right now. */
  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Whether polling pauses now because nobody watches. */
  get paused(): boolean {
    return this.#paused;
  }

  /** The wait between polls now: the interval, stretched while the broker answers slowly. */
  get intervalMs(): number {
    return pollInterval(this.#options.intervalMs, this.#lastPollMs);
  }

  /**
   * The latest snapshot, waiting for the first poll if none was taken yet. Asking counts as
   * watching: paused polling resumes, and a snapshot older than the interval is taken again.
   */
  async latest(): Promise<Snapshot> {
    this.#demandedAt = Date.now();
    const stale = this.#latest === undefined ||
      (this.#paused && Date.now() - this.#latest.at >= this.intervalMs);
    this.#resume();
    if (!stale) return this.#latest!;
    return await (this.#pending ?? this.poll());
  }

  /**
   * Depth and rate history of one queue, or of the whole broker without `queue`, from the
   * snapshots this monitor took, oldest first.
   */
  history(queue?: string): ChartPoint[] {
    const points: ChartPoint[] = [];
    for (const moment of this.#history) {
      const point = queue === undefined ? moment.totals : moment.queues.get(queue);
      if (point) points.push(point);
    }
    return points;
  }

  /** Calls `listener` with every new snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.#listeners.add(listener);
    this.#demandedAt = Date.now();
    this.#resume();
    return () => {
      this.#listeners.delete(listener);
      this.#demandedAt = Date.now();
    };
  }

  /** Starts polling every interval (the first poll at once). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#paused = false;
    this.#demandedAt = Date.now();
    this.#schedule(0);
  }

  /** Stops polling. */
  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), delayMs);
  }

  /** One beat of the timer: poll and schedule the next, or pause when nobody watches. */
  async #tick(): Promise<void> {
    const idleFor = Date.now() - this.#demandedAt;
    if (this.#listeners.size === 0 && idleFor > IDLE_INTERVALS * this.intervalMs) {
      this.#paused = true;
      this.#timer = undefined;
      return;
    }
    await this.poll().catch(() => {});
    if (this.#running && !this.#paused) this.#schedule(this.intervalMs);
  }

  /** Polling paused while nobody watched: someone does again. */
  #resume(): void {
    if (!this.#running || !this.#paused) return;
    this.#paused = false;
    const age = this.#latest ? Date.now() - this.#latest.at : Infinity;
    this.#schedule(Math.max(0, this.intervalMs - age));
  }

  /** Takes one snapshot now and hands it to every subscriber. */
  poll(): Promise<Snapshot> {
    const pending = this.#take().finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    });
    this.#pending = pending;
    return pending;
  }

  async #take(): Promise<Snapshot> {
    const { management, thresholds } = this.#options;
    this.#polls++;
    const started = performance.now();
    let snapshot: Snapshot;
    try {
      const [overview, vhost, queues, connections, channels, nodes] = await Promise.all([
        management.overview(),
        management.vhostInfo(),
        management.queues(SNAPSHOT_QUEUE_COLUMNS),
        management.connections(),
        management.channels(),
        management.nodes(),
      ]);
      snapshot = buildSnapshot(
        { overview, vhost, queues, connections, channels, nodes },
        thresholds,
        Date.now(),
      );
      snapshot.polled = management.baseUrl;
      this.#lastSeen = new Map(snapshot.queues.map((q) => [q.name, q]));
    } catch (error) {
      snapshot = statisticsDisabled(error)
        ? await this.#withoutStatistics()
        : await this.#fallback(messageOf(error));
    }
    snapshot.vhost = management.vhost;
    this.#lastPollMs = Math.round(performance.now() - started);
    snapshot.pollMs = this.#lastPollMs;
    snapshot.intervalMs = this.intervalMs;
    this.#latest = snapshot;
    // Only what the management API measured: AMQP alone would chart made-up zeros.
    if (fullStatistics(snapshot)) this.#history.push(chartPointsOf(snapshot));
    if (this.#history.length > (this.#options.historySize ?? 150)) this.#history.shift();
    for (const listener of this.#listeners) listener(snapshot);
    return snapshot;
  }

  /**
   * The broker collects no statistics for the management API: every queue it lists, with
   * depths and consumers read over AMQP; rates and unacked counts are unknown, not zero.
   */
  async #withoutStatistics(): Promise<Snapshot> {
    const { management, thresholds } = this.#options;
    try {
      const [queues, nodes, overview] = await Promise.all([
        management.queues(SNAPSHOT_QUEUE_COLUMNS),
        management.nodes(),
        management.overview().catch(() => undefined),
      ]);
      const shown = queues.filter((q) => !q.name.startsWith(FEED_QUEUE_PREFIX));
      const depths = await this.#options.amqpDepths(shown.map((q) => q.name));
      const snapshot = amqpSnapshot(depths, thresholds, Date.now(), STATISTICS_OFF, {
        queues: shown,
        nodes,
        version: overview?.rabbitmq_version,
      });
      this.#lastSeen = new Map(snapshot.queues.map((q) => [q.name, q]));
      return { ...snapshot, polled: management.baseUrl, statisticsOff: true };
    } catch (error) {
      return await this.#fallback(`${STATISTICS_OFF}; ${messageOf(error)}`);
    }
  }

  /**
   * Watches a queue a page named (`/queues/NAME`) even while the management API is away and it
   * was never listed: AMQP can tell its depth, not that it exists among the others.
   */
  watch(queue: string): void {
    this.#named.add(queue);
  }

  async #fallback(problem: string): Promise<Snapshot> {
    const names = new Set([...this.#options.knownQueues, ...this.#lastSeen.keys(), ...this.#named]);
    let depths: QueueDepth[] = [];
    let reason = `management API unavailable: ${problem}`;
    let unreachable = false;
    try {
      depths = await this.#options.amqpDepths([...names]);
    } catch (error) {
      reason += `; AMQP unavailable too: ${error instanceof Error ? error.message : error}`;
      unreachable = true;
    }
    const snapshot = amqpSnapshot(depths, this.#options.thresholds, Date.now(), reason);
    // What the last listing said of each queue (type, features) stays true while AMQP reads
    // its depth; only unacked counts, rates and state are unknown.
    snapshot.queues = snapshot.queues.map((q) => {
      const seen = this.#lastSeen.get(q.name);
      return seen ? { ...q, type: seen.type, durable: seen.durable, features: seen.features } : q;
    });
    return unreachable ? { ...snapshot, unreachable } : snapshot;
  }
}

/** A snapshot's chart points: the broker's totals, and each queue's. */
function chartPointsOf(s: Snapshot): { totals: ChartPoint; queues: Map<string, ChartPoint> } {
  const point = (ready: number, unacked: number, rates: Snapshot["rates"]): ChartPoint => ({
    at: s.at,
    ready,
    unacked,
    ...rates,
  });
  return {
    totals: point(s.totals.ready, s.totals.unacked, s.rates),
    queues: new Map(s.queues.map((q) => [q.name, point(q.ready, q.unacked, q.rates)])),
  };
}
