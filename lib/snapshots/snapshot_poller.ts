/**
 * Polls the management API once per interval, whatever the number of viewers, and hands each
 * subscriber its view of the poll (a page of queues the broker paged, one queue, every queue);
 * never faster than the broker can answer (a slow answer stretches the interval), and not at
 * all while nobody watches. While the management API is down it keeps showing what AMQP alone
 * can tell, and comes back by itself.
 */
import {
  type ManagementClient,
  SNAPSHOT_QUEUE_COLUMNS,
  statisticsDisabled,
} from "../management/mod.ts";
import {
  brokerStartedAt,
  type ChartPoint,
  fullStatistics,
  narrowSnapshot,
  type QueueSnapshot,
  type Snapshot,
  type SnapshotView,
  type Thresholds,
  viewParams,
  type ViewSnapshot,
} from "../shared/mod.ts";
import { amqpSnapshot, buildSnapshot, pagedSnapshot } from "./snapshot_builder.ts";
import { type BaseAnswers, brokerPages, readView } from "./queue_views.ts";
import { FEED_QUEUE_PREFIX } from "../config.ts";
import { messageOf } from "../_util/mod.ts";
import { refusalOf } from "./broker_health.ts";

/** What the page and the terminal say when the broker collects no management statistics. */
export const STATISTICS_OFF =
  "the broker collects no management statistics (management_agent.disable_metrics_collector): " +
  "queues and nodes from the management API, depths and consumers over AMQP; " +
  "rates, unacked counts and connections unavailable";

/**
 * The most of the broker's time the polls may take: a poll the broker took 0.2 s to answer
 * waits 4 s for the next, whatever the interval asked for. A listing of thousands of queues is
 * work for the broker; the monitor must cost it no more than the management UI does.
 */
export const MAX_BROKER_SHARE = 0.05;
/** Polling pauses when no viewer is subscribed and nothing asked for this many intervals. */
export const IDLE_INTERVALS = 3;

/** How many of the last polls the stretch follows (their median). */
export const POLLS_FOLLOWED = 3;

/**
 * The wait before the next poll: the interval asked for, stretched so that polls take at most
 * {@linkcode MAX_BROKER_SHARE} of the broker's time. It follows the median of the last polls'
 * durations (up to {@linkcode POLLS_FOLLOWED}), so one slow poll (a busy machine, a pause) does
 * not hold every page still for twenty intervals; a broker that stays slow is polled less.
 *
 * @example
 * ```ts
 * pollInterval(2_000, [100]); // 2000
 * pollInterval(2_000, [600, 550, 700]); // 12000
 * pollInterval(2_000, [80, 2_500, 90]); // 2000: one slow poll does not stretch it
 * ```
 */
export function pollInterval(intervalMs: number, recentPollsMs: readonly number[]): number {
  const sorted = recentPollsMs.slice(-POLLS_FOLLOWED).sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : 0;
  return Math.max(intervalMs, Math.round(median / MAX_BROKER_SHARE));
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
  /** The name the monitor's own AMQP connection gives itself, to mark it among the others. */
  ownConnection?: string;
  /** Snapshots of rate history kept for charts (default 150: five minutes at 2 s). */
  historySize?: number;
}

type Listener = (snapshot: ViewSnapshot) => void;

/** The views subscribers watch, by their stream parameters; "all" is the complete snapshot. */
interface Watched {
  view: SnapshotView;
  listeners: Set<Listener>;
}

const ALL: SnapshotView = { queues: "all" };

/** A view's key: the stream's parameters that name it. */
function keyOf(view: SnapshotView): string {
  return view.queues === "all" ? "all" : viewParams(view).toString();
}

/**
 * The one poller of a monitor server. Each poll reads what is watched: the broker's totals,
 * nodes and connections, and for each view a viewer watches, its page of queues (paged by the
 * broker); every queue only when something needs them all (the API, /metrics, the terminal).
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
  // What viewers watch, and the snapshot of each view from the last poll.
  readonly #watched = new Map<string, Watched>();
  #views = new Map<string, ViewSnapshot>();
  // The last complete snapshot (every queue), and whether a request waits for a new one: it is
  // read once per request at most (a scrape, an API call), not on every poll after it.
  #complete?: Snapshot;
  #completeWanted = false;
  // The answers every view shares, from the last poll that read them.
  #base?: { answers: BaseAnswers; at: number };
  // Chart points of the last snapshots (not the snapshots: on a busy broker each holds every
  // queue, connection and channel, and 150 of them weighed tens of MB).
  readonly #history: { totals: ChartPoint; queues: Map<string, ChartPoint> }[] = [];
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
  // Durations of the last polls, which the wait between polls follows.
  readonly #recentPollsMs: number[] = [];
  #polls = 0;
  /** The poll under way, which a request waits for instead of polling again. */
  #pending?: Promise<Snapshot>;
  // Told of every poll without counting as a viewer (the monitor's health line).
  readonly #observers = new Set<(snapshot: Snapshot) => void>();

  constructor(options: SnapshotPollerOptions) {
    this.#options = options;
  }

  /** How many times the management API was polled (for the one-poll-per-interval promise). */
  get polls(): number {
    return this.#polls;
  }

  /** Number of subscribers right now, whatever their view. */
  get subscribers(): number {
    let n = 0;
    for (const watched of this.#watched.values()) n += watched.listeners.size;
    return n;
  }

  /** Whether polling pauses now because nobody watches. */
  get paused(): boolean {
    return this.#paused;
  }

  /** The wait between polls now: the interval, stretched while the broker answers slowly. */
  get intervalMs(): number {
    return pollInterval(this.#options.intervalMs, this.#recentPollsMs);
  }

  /**
   * The latest complete snapshot (every queue), waiting for a poll when there is none recent
   * enough. Asking counts as watching: paused polling resumes, and polls read every queue
   * while something asks for them.
   */
  async latest(): Promise<Snapshot> {
    const askedAt = Date.now();
    this.#demandedAt = askedAt;
    this.#resume();
    if (this.#complete && askedAt - this.#complete.at < this.intervalMs * 2) return this.#complete;
    this.#completeWanted = true;
    // A poll under way may have begun before this asked for every queue: then one more.
    await this.poll();
    if (!this.#complete || this.#complete.at < askedAt) {
      this.#completeWanted = true;
      await this.poll();
    }
    return this.#complete!;
  }

  /**
   * What a page shows (see `narrowSnapshot`): from the last poll when it read this view or
   * every queue, else read now. Asking counts as watching.
   */
  async view(view: SnapshotView): Promise<ViewSnapshot> {
    if (!brokerPages(view)) return narrowSnapshot(await this.latest(), view);
    this.#demandedAt = Date.now();
    this.#resume();
    const fresh = (at?: number) => at !== undefined && Date.now() - at < this.intervalMs;
    const key = keyOf(view);
    const polled = this.#views.get(key);
    if (polled && fresh(polled.at)) return polled;
    if (this.#complete && fresh(this.#complete.at)) return narrowSnapshot(this.#complete, view);
    const base = fresh(this.#base?.at) ? this.#base!.answers : undefined;
    try {
      const snapshot = await this.#readView(view, base);
      this.#views.set(key, snapshot);
      for (const q of snapshot.queues) this.#lastSeen.set(q.name, q);
      return snapshot;
    } catch {
      // The management API away: what the fallback knows, as this view shows it.
      return narrowSnapshot(await this.latest(), view);
    }
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

  /**
   * Calls `listener` with every new snapshot, as `view` shows it (default: complete); returns
   * the unsubscribe function.
   */
  subscribe(listener: Listener, view: SnapshotView = ALL): () => void {
    const key = keyOf(view);
    const watched = this.#watched.get(key) ?? { view, listeners: new Set<Listener>() };
    watched.listeners.add(listener);
    this.#watched.set(key, watched);
    this.#demandedAt = Date.now();
    this.#resume();
    return () => {
      watched.listeners.delete(listener);
      if (watched.listeners.size === 0) this.#watched.delete(key);
      this.#demandedAt = Date.now();
    };
  }

  /**
   * Calls `observer` with what every poll read, without counting as a viewer: polling still
   * pauses while nobody watches. Returns the function that stops it.
   */
  observe(observer: (snapshot: Snapshot) => void): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
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
    // Idle is counted in the interval asked for: a stretched one would keep a slow broker busy
    // longest, for nobody.
    const idleFor = Date.now() - this.#demandedAt;
    if (this.subscribers === 0 && idleFor > IDLE_INTERVALS * this.#options.intervalMs) {
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
    const age = this.#base ? Date.now() - this.#base.at : Infinity;
    this.#schedule(Math.max(0, this.intervalMs - age));
  }

  /**
   * Takes one snapshot now, hands each subscriber its view of it, and returns it: the complete
   * one when this poll read every queue, else the totals with the queues of the first view.
   */
  poll(): Promise<Snapshot> {
    if (this.#pending) return this.#pending;
    const pending = this.#take().finally(() => {
      if (this.#pending === pending) this.#pending = undefined;
    });
    this.#pending = pending;
    return pending;
  }

  /**
   * Whether this poll reads every queue: a request waits for them all (the API, /metrics), a
   * subscriber wants them all or a view the broker cannot page (a regular expression), or the
   * poller is used without a timer (the terminal's status, which shows them all).
   */
  #needsEveryQueue(): boolean {
    if (!this.#running || this.#completeWanted) return true;
    for (const { view } of this.#watched.values()) if (!brokerPages(view)) return true;
    return false;
  }

  async #take(): Promise<Snapshot> {
    const { management } = this.#options;
    this.#polls++;
    const started = performance.now();
    let complete: Snapshot | undefined;
    const views = new Map<string, ViewSnapshot>();
    try {
      const everyQueue = this.#needsEveryQueue();
      this.#completeWanted = false;
      const [base, queues] = await Promise.all([
        this.#readBase(),
        everyQueue ? management.queues(SNAPSHOT_QUEUE_COLUMNS) : undefined,
      ]);
      this.#base = { answers: base, at: Date.now() };
      if (queues) {
        complete = buildSnapshot({ ...base, queues }, this.#options.thresholds, Date.now());
      }
      for (const [key, { view }] of this.#watched) {
        views.set(
          key,
          complete ? narrowSnapshot(complete, view) : await this.#readView(view, base),
        );
      }
    } catch (error) {
      const refusal = refusalOf(error, management.vhost);
      complete = statisticsDisabled(error)
        ? await this.#withoutStatistics()
        : await this.#fallback(refusal ?? messageOf(error));
      // Credentials or a vhost refused do not mend by waiting: said apart from an outage.
      if (refusal) complete.refused = true;
      for (const [key, { view }] of this.#watched) views.set(key, narrowSnapshot(complete, view));
    }
    this.#lastPollMs = Math.round(performance.now() - started);
    this.#recentPollsMs.push(this.#lastPollMs);
    if (this.#recentPollsMs.length > POLLS_FOLLOWED) this.#recentPollsMs.shift();
    const stamp = (s: Snapshot) => {
      this.#markOwn(s);
      s.vhost = management.vhost;
      s.pollMs = this.#lastPollMs;
      s.intervalMs = this.intervalMs;
      if (s.source === "management" && !s.statisticsOff) s.polled = management.baseUrl;
    };
    if (complete) {
      stamp(complete);
      this.#complete = complete;
    }
    for (const snapshot of views.values()) stamp(snapshot);
    this.#views = views;
    const seen = complete ?? this.#merged(views);
    this.#remember(seen, complete !== undefined);
    for (const [key, watched] of this.#watched) {
      const snapshot = views.get(key);
      if (snapshot) { for (const listener of watched.listeners) listener(snapshot); }
    }
    for (const observer of this.#observers) observer(seen);
    return seen;
  }

  /** The answers every view shares: totals, rates, nodes, connections and channels. */
  async #readBase(): Promise<BaseAnswers> {
    const { management } = this.#options;
    const [overview, vhost, connections, channels, nodes] = await Promise.all([
      management.overview(),
      management.vhostInfo(),
      management.connections(),
      management.channels(),
      management.nodes(),
    ]);
    return { overview, vhost, connections, channels, nodes };
  }

  async #readView(view: SnapshotView, base?: BaseAnswers): Promise<ViewSnapshot> {
    const { management, thresholds } = this.#options;
    const snapshot = await readView(management, base ?? await this.#readBase(), view, thresholds);
    snapshot.vhost = management.vhost;
    snapshot.polled = management.baseUrl;
    snapshot.intervalMs = this.intervalMs;
    this.#markOwn(snapshot);
    return snapshot;
  }

  /** Marks this monitor's own connection, which every count includes and the pages name. */
  #markOwn(snapshot: Snapshot): void {
    const own = this.#options.ownConnection;
    if (own === undefined) return;
    for (const c of snapshot.connections) if (c.clientName === own) c.own = true;
  }

  /** One snapshot of what this poll read: the totals, and the queues of every view. */
  #merged(views: Map<string, ViewSnapshot>): Snapshot {
    const [first] = views.values();
    const queues = new Map<string, QueueSnapshot>();
    for (const view of views.values()) for (const q of view.queues) queues.set(q.name, q);
    if (first) return { ...first, queues: [...queues.values()] };
    const { answers, at } = this.#base!;
    return pagedSnapshot(
      { ...answers, queues: [] },
      this.#complete?.totals.queues ?? 0,
      this.#options.thresholds,
      at,
    );
  }

  /**
   * Keeps the chart points and the queues seen (for the AMQP fallback) of a poll; a complete
   * listing replaces what was seen, so deleted queues are forgotten.
   */
  #remember(snapshot: Snapshot, complete: boolean): void {
    if (snapshot.source === "management" && !snapshot.statisticsOff) {
      if (complete) this.#lastSeen = new Map();
      for (const q of snapshot.queues) this.#lastSeen.set(q.name, q);
    }
    // Only what the management API measured: AMQP alone would chart made-up zeros.
    // Nor a broker whose nodes have not reported yet (just started: its queues read 0 until
    // their statistics come).
    if (fullStatistics(snapshot) && brokerStartedAt(snapshot) !== undefined) {
      this.#history.push(chartPointsOf(snapshot));
    }
    if (this.#history.length > (this.#options.historySize ?? 150)) this.#history.shift();
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
  // Each point says when the broker had started: a restart breaks the chart's line.
  const startedAt = brokerStartedAt(s);
  const point = (ready: number, unacked: number, rates: Snapshot["rates"]): ChartPoint => ({
    at: s.at,
    ready,
    unacked,
    ...rates,
    ...(startedAt === undefined ? {} : { startedAt }),
  });
  return {
    totals: point(s.totals.ready, s.totals.unacked, s.rates),
    queues: new Map(s.queues.map((q) => [q.name, point(q.ready, q.unacked, q.rates)])),
  };
}
