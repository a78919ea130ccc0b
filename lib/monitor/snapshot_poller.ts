/**
 * Polls the management API once per interval, whatever the number of viewers, and hands the
 * same snapshot to every subscriber. While the management API is down it keeps showing what
 * AMQP alone can tell, and comes back by itself.
 */
import { type ManagementClient, statisticsDisabled } from "./management.ts";
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
  #timer?: ReturnType<typeof setTimeout>;
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

  /** The latest snapshot, waiting for the first poll if none was taken yet. */
  async latest(): Promise<Snapshot> {
    return this.#latest ?? await (this.#pending ?? this.poll());
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
    return () => this.#listeners.delete(listener);
  }

  /** Starts polling every interval (the first poll at once). */
  start(): void {
    if (this.#timer !== undefined) return;
    const tick = async () => {
      await this.poll().catch(() => {});
      if (this.#timer !== undefined) this.#timer = setTimeout(tick, this.#options.intervalMs);
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Stops polling. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
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
    let snapshot: Snapshot;
    try {
      const [overview, vhost, queues, connections, channels, nodes] = await Promise.all([
        management.overview(),
        management.vhostInfo(),
        management.queues(),
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
        management.queues(),
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
