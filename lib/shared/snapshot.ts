/**
 * The monitor's picture of the broker at one moment, as the server sends it and the islands
 * read it, with the rules that colour it (status, activity). Browser-safe: it imports only its sibling modules' types.
 */
import type { QueueFeature } from "./queue_features.ts";
import type { QueueDetails } from "./queue_details.ts";

/** Publish, deliver and ack rates in messages per second. */
export interface Rates {
  /** Messages published per second. */
  publish: number;
  /** Messages delivered to consumers (or got) per second. */
  deliver: number;
  /** Messages acknowledged per second. */
  ack: number;
}

/** How full a queue is, by the thresholds. */
export type QueueStatus = "ok" | "warn" | "critical";
/** What is happening to a queue, by its rates. */
export type Activity = "Publishing" | "Consuming" | "Publishing & consuming" | "Idle";

/** One queue in a snapshot. */
export interface QueueSnapshot {
  name: string;
  type: string;
  durable: boolean;
  ready: number;
  unacked: number;
  total: number;
  consumers: number;
  rates: Rates;
  /** "running", or why not ("down", "crashed", "minority"…); absent when unknown (AMQP only). */
  state?: string;
  status: QueueStatus;
  activity: Activity;
  /** The node that holds the queue (classic) or leads it (quorum, stream). */
  leader?: string;
  /** Quorum queues and streams: every node with a replica. */
  members?: string[];
  /** Quorum queues and streams: the replicas that are up. */
  online?: string[];
  /** Badges of its arguments and policy (D, TTL, DLX, …), as the management UI shows them. */
  features: QueueFeature[];
  /** On a queue's own page: bytes, memory, consumer utilisation, delivery limit. */
  details?: QueueDetails;
}

/** One broker node in a snapshot. */
export interface NodeSnapshot {
  name: string;
  running: boolean;
  memUsed: number;
  memLimit: number;
  diskFree: number;
  diskFreeLimit: number;
  fdUsed: number;
  fdTotal: number;
  /** Resource alarms in force: "memory", "disk". */
  alarms: string[];
  uptimeMs: number;
  /** Nodes this one cannot reach though they run (a network partition). */
  partitions?: string[];
}

/** One client connection in a snapshot. */
export interface ConnectionSnapshot {
  name: string;
  clientName: string;
  user: string;
  peer: string;
  state: string;
  channels: number;
  recvBytesRate: number;
  sendBytesRate: number;
  /** The monitor's (or status') own connection: counted, and shown as such. */
  own?: boolean;
}

/** One channel in a snapshot. */
export interface ChannelSnapshot {
  name: string;
  connection: string;
  /** The name its connection's client gave itself ("" when it gave none). */
  clientName: string;
  user: string;
  consumers: number;
  prefetch: number;
  unacked: number;
  confirm: boolean;
  rates: Rates;
}

/** Everything the monitor shows at one moment. */
export interface Snapshot {
  /** Unix milliseconds when it was taken. */
  at: number;
  /** Where the numbers came from: the management API, or AMQP alone while it is down. */
  source: "management" | "amqp";
  /** Why the management API could not be used, for the page's banner. */
  problem?: string;
  /** Neither the management API nor AMQP answered: nothing here was read from the broker. */
  unreachable?: boolean;
  /**
   * The broker refused the credentials or the virtual host: nothing changes until they are
   * corrected (`problem` says which).
   */
  refused?: boolean;
  /**
   * The management API answers, but the broker collects no statistics for it (metrics
   * collection off): queues and nodes are listed, depths read over AMQP, the rest unknown.
   */
  statisticsOff?: boolean;
  version?: string;
  /** The virtual host the figures are of. */
  vhost?: string;
  totals: {
    queues: number;
    consumers: number;
    connections: number;
    ready: number;
    unacked: number;
    total: number;
    /**
     * Queues with any activity; counted only when every queue was read (a complete snapshot),
     * absent in a page's view, which the broker paged.
     */
    active?: number;
  };
  rates: Rates;
  queues: QueueSnapshot[];
  connections: ConnectionSnapshot[];
  channels: ChannelSnapshot[];
  /** The broker's nodes (one, or a cluster's), those that are down included. */
  nodes: NodeSnapshot[];
  /** The management API base URL the numbers came from (a cluster node's). */
  polled?: string;
  /** How long the broker took to answer this poll, in ms. */
  pollMs?: number;
  /**
   * The wait before the next poll, in ms: the interval asked for, or longer when the broker
   * answers slowly (polls take at most a twentieth of its time).
   */
  intervalMs?: number;
}

/**
 * Whether the figures only the management API knows (unacked counts, rates, connections, queue
 * state) are in this snapshot; without them a view shows "unknown", never a made-up zero.
 *
 * @example
 * ```ts
 * fullStatistics({ ...snapshot, source: "amqp" }); // false
 * ```
 */
export function fullStatistics(s: Pick<Snapshot, "source" | "unreachable">): boolean {
  return s.source === "management" && !s.unreachable;
}

/**
 * How many of the connections counted are the monitor's own, for beside the count (the card
 * and the connections page count the same list).
 *
 * @example
 * ```ts
 * ownConnectionsNote(snapshot); // "1 of them this monitor's own"
 * ```
 */
export function ownConnectionsNote(s: Pick<Snapshot, "connections">): string | undefined {
  const own = s.connections.filter((c) => c.own).length;
  return own ? `${own} of them this monitor's own` : undefined;
}

/** What a view shows for a figure the snapshot does not know. */
export const UNKNOWN = "—";
/** Why it does not know it, for the figure's tooltip. */
export const UNKNOWN_TITLE = "unknown without the management API's statistics";

/** Queue depths at which a queue turns yellow and red. */
export interface Thresholds {
  warn: number;
  critical: number;
}

/** Default thresholds: yellow from 1,000 messages, red from 10,000. */
export const DEFAULT_THRESHOLDS: Thresholds = { warn: 1_000, critical: 10_000 };

/** Rates below this (msg/s) count as no activity: the broker reports decaying small rates. */
const ACTIVE_RATE = 0.05;

/**
 * The status colour of a queue of this depth.
 *
 * @example
 * ```ts
 * queueStatus(5_000, DEFAULT_THRESHOLDS); // "warn"
 * ```
 */
export function queueStatus(depth: number, thresholds: Thresholds): QueueStatus {
  if (depth >= thresholds.critical) return "critical";
  if (depth >= thresholds.warn) return "warn";
  return "ok";
}

/**
 * What a queue is doing, from its rates.
 *
 * @example
 * ```ts
 * activity({ publish: 10, deliver: 0, ack: 0 }); // "Publishing"
 * ```
 */
export function activity(rates: Rates): Activity {
  const publishing = rates.publish >= ACTIVE_RATE;
  const consuming = rates.deliver >= ACTIVE_RATE || rates.ack >= ACTIVE_RATE;
  if (publishing && consuming) return "Publishing & consuming";
  if (publishing) return "Publishing";
  if (consuming) return "Consuming";
  return "Idle";
}

/** One point of a chart: a queue's (or the broker's) depth and rates at one moment. */
export interface ChartPoint extends Rates {
  /** Unix milliseconds. */
  at: number;
  /** Messages ready at that moment. */
  ready: number;
  /** Messages delivered and not yet acked at that moment. */
  unacked: number;
  /**
   * When the broker had started (Unix ms: the moment less its uptime), as far as that moment's
   * figures tell: a later start between two points is a restart, drawn as a gap.
   */
  startedAt?: number;
}
