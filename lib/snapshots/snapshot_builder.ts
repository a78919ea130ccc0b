/**
 * Building the monitor's snapshot from management API answers (or, when the management API is
 * down, from what AMQP alone can tell). Pure: no I/O here, so the rules are tested on recorded
 * answers.
 */

import { FEED_QUEUE_PREFIX } from "../config.ts";

import {
  activity,
  type ChannelInfo,
  type ChannelSnapshot,
  type ConnectionInfo,
  type ConnectionSnapshot,
  type MessageStats,
  type NodeInfo,
  type NodeSnapshot,
  type OverviewInfo,
  type QueueDetailFields,
  queueDetails,
  queueFeatures,
  type QueueIdentity,
  type QueueInfo,
  type QueueSnapshot,
  queueStatus,
  type Rates,
  type Snapshot,
  type Thresholds,
  type VhostInfo,
} from "../shared/mod.ts";

/** Rates from management message stats (missing counters are 0). */
export function ratesOf(stats: MessageStats | undefined): Rates {
  return {
    publish: stats?.publish_details?.rate ?? 0,
    deliver: stats?.deliver_get_details?.rate ?? 0,
    ack: stats?.ack_details?.rate ?? 0,
  };
}

/** A queue snapshot from its counts and rates. */
export function queueSnapshot(
  q:
    & Pick<
      QueueInfo,
      | "name"
      | "type"
      | "durable"
      | "messages_ready"
      | "messages_unacknowledged"
      | "consumers"
      | "message_stats"
      | "state"
      | "node"
      | "leader"
      | "members"
      | "online"
    >
    & QueueIdentity
    & QueueDetailFields,
  thresholds: Thresholds,
): QueueSnapshot {
  const ready = q.messages_ready ?? 0;
  const unacked = q.messages_unacknowledged ?? 0;
  const rates = ratesOf(q.message_stats);
  const details = queueDetails(q);
  return {
    name: q.name,
    type: q.type ?? "classic",
    durable: q.durable,
    ready,
    unacked,
    total: ready + unacked,
    consumers: q.consumers ?? 0,
    rates,
    state: q.state ?? "running",
    status: queueStatus(ready + unacked, thresholds),
    activity: activity(rates),
    leader: q.leader ?? q.node,
    members: q.members,
    online: q.online,
    features: queueFeatures(q),
    // Only the single-queue answer carries them (a listing asks for fewer columns).
    ...(details ? { details } : {}),
  };
}

/**
 * A node snapshot from the management API's node (a node that is down reports only its name).
 *
 * @example
 * ```ts
 * nodeSnapshot({ name: "rabbit@a", running: false }).alarms; // []
 * ```
 */
export function nodeSnapshot(n: NodeInfo): NodeSnapshot {
  const alarms = [];
  if (n.mem_alarm) alarms.push("memory");
  if (n.disk_free_alarm) alarms.push("disk");
  return {
    name: n.name,
    running: n.running,
    memUsed: n.mem_used ?? 0,
    memLimit: n.mem_limit ?? 0,
    diskFree: n.disk_free ?? 0,
    diskFreeLimit: n.disk_free_limit ?? 0,
    fdUsed: n.fd_used ?? 0,
    fdTotal: n.fd_total ?? 0,
    alarms,
    uptimeMs: n.uptime ?? 0,
    ...(n.partitions?.length ? { partitions: n.partitions } : {}),
  };
}

/** The management API answers a snapshot is built from. */
export interface ManagementAnswers {
  overview: OverviewInfo;
  /** The vhost's own figures: the snapshot's rates are this vhost's, not the broker's. */
  vhost: VhostInfo;
  queues: QueueInfo[];
  connections: ConnectionInfo[];
  channels: ChannelInfo[];
  nodes: NodeInfo[];
}

/**
 * Builds a snapshot from management API answers. Queues are sorted by name; totals are those
 * of the vhost's queues and rates the vhost's own (the overview's span every vhost).
 *
 * @example
 * ```ts
 * const snap = buildSnapshot(answers, DEFAULT_THRESHOLDS, Date.now());
 * snap.totals.ready;
 * ```
 */
export function buildSnapshot(
  answers: ManagementAnswers,
  thresholds: Thresholds,
  at: number,
): Snapshot {
  // The monitor's own feed taps are a way of watching, not queues to show.
  const queues = answers.queues.filter((q) => !q.name.startsWith(FEED_QUEUE_PREFIX))
    .map((q) => queueSnapshot(q, thresholds))
    .sort((a, b) => a.name.localeCompare(b.name));
  const connections = answers.connections.map((c): ConnectionSnapshot => ({
    name: c.name,
    clientName: c.client_properties?.connection_name ?? "",
    user: c.user,
    peer: c.peer_host !== undefined ? `${c.peer_host}:${c.peer_port}` : "",
    state: c.state ?? "",
    channels: c.channels ?? 0,
    recvBytesRate: c.recv_oct_details?.rate ?? 0,
    sendBytesRate: c.send_oct_details?.rate ?? 0,
  }));
  const clientNames = new Map(connections.map((c) => [c.name, c.clientName]));
  const channels = answers.channels.map((ch): ChannelSnapshot => ({
    name: ch.name,
    connection: ch.connection_details?.name ?? "",
    clientName: clientNames.get(ch.connection_details?.name ?? "") ?? "",
    user: ch.user,
    consumers: ch.consumer_count ?? 0,
    prefetch: ch.prefetch_count ?? 0,
    unacked: ch.messages_unacknowledged ?? 0,
    confirm: ch.confirm ?? false,
    rates: ratesOf(ch.message_stats),
  }));
  return {
    at,
    source: "management",
    version: answers.overview.rabbitmq_version,
    totals: totalsOf(queues, connections.length),
    rates: ratesOf(answers.vhost.message_stats),
    queues,
    connections,
    channels,
    nodes: answers.nodes.map(nodeSnapshot).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * A snapshot of one page of queues the broker paged: the page's rows, and totals that count
 * every queue all the same, from the vhost's own figures (`total_count`, the vhost's message
 * counts, the consumers on its channels); the count of active queues is not known.
 *
 * @example
 * ```ts
 * const view = pagedSnapshot({ ...answers, queues: page.items }, page.total_count, DEFAULT_THRESHOLDS, Date.now());
 * ```
 */
export function pagedSnapshot(
  answers: ManagementAnswers,
  queueCount: number,
  thresholds: Thresholds,
  at: number,
): Snapshot {
  const snapshot = buildSnapshot(answers, thresholds, at);
  const ready = answers.vhost.messages_ready ?? 0;
  const unacked = answers.vhost.messages_unacknowledged ?? 0;
  snapshot.totals = {
    queues: queueCount,
    consumers: snapshot.channels.reduce((sum, ch) => sum + ch.consumers, 0),
    connections: snapshot.connections.length,
    ready,
    unacked,
    total: ready + unacked,
  };
  return snapshot;
}

/**
 * A snapshot from AMQP alone (passive declares give depth and consumer count, nothing else),
 * for when the management API is down or collects no statistics. `objects` are what the
 * management API still lists without statistics (queue types and arguments, nodes).
 */
export function amqpSnapshot(
  depths: { name: string; ready: number; consumers: number }[],
  thresholds: Thresholds,
  at: number,
  problem: string,
  objects: { queues?: QueueInfo[]; nodes?: NodeInfo[]; version?: string } = {},
): Snapshot {
  const infos = new Map((objects.queues ?? []).map((q) => [q.name, q]));
  const queues = depths.map((d) => {
    const info = infos.get(d.name);
    const q = queueSnapshot(
      {
        ...info,
        name: d.name,
        durable: info?.durable ?? false,
        messages_ready: d.ready,
        messages_unacknowledged: 0,
        consumers: d.consumers,
        message_stats: undefined,
      },
      thresholds,
    );
    return info ? q : { ...q, type: "unknown", state: undefined };
  }).sort((a, b) => a.name.localeCompare(b.name));
  return {
    at,
    source: "amqp",
    problem,
    version: objects.version,
    totals: totalsOf(queues, 0),
    rates: { publish: 0, deliver: 0, ack: 0 },
    queues,
    connections: [],
    channels: [],
    nodes: (objects.nodes ?? []).map(nodeSnapshot).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function totalsOf(queues: QueueSnapshot[], connections: number): Snapshot["totals"] {
  let ready = 0, unacked = 0, consumers = 0, active = 0;
  for (const q of queues) {
    ready += q.ready;
    unacked += q.unacked;
    consumers += q.consumers;
    if (q.activity !== "Idle") active++;
  }
  return {
    queues: queues.length,
    consumers,
    connections,
    ready,
    unacked,
    total: ready + unacked,
    active,
  };
}
