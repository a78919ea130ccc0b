/**
 * The snapshot poller wired to a broker: the management API for full statistics, and an AMQP
 * connection for queue depths while the management API is down. Used by the web monitor and
 * the terminal status view alike.
 */
import { AmqpLink, inspectQueue } from "../amqp/mod.ts";
import { type AmqpEndpoint, managementEndpoint, TOPOLOGY_DEFAULTS } from "../config.ts";
import { ManagementClient, type ManagementHints } from "../management/mod.ts";
import type { Thresholds } from "../shared/mod.ts";
import { type QueueDepth, SnapshotPoller } from "./snapshot_poller.ts";

/** Options for {@linkcode brokerSnapshots}. */
export interface BrokerSnapshotsOptions {
  /** One broker, or a cluster's nodes. */
  amqp: readonly AmqpEndpoint[];
  /** The caller's words for where the management address and credentials are set. */
  hints?: ManagementHints;
  /** One management base URL, or a comma-separated list (one per node). */
  managementUrl: string;
  /** Management API user and password, when not those of the AMQP URL. */
  username?: string;
  password?: string;
  intervalMs: number;
  thresholds: Thresholds;
  /** Name of the AMQP connection, shown in the management UI. */
  connectionName: string;
}

/**
 * A poller, its management client and its AMQP link; close the link when done.
 *
 * @example
 * ```ts
 * const { poller, link } = brokerSnapshots({ amqp, managementUrl, intervalMs: 2000,
 *   thresholds: DEFAULT_THRESHOLDS, connectionName: "status" });
 * const snapshot = await poller.poll();
 * await link.close();
 * ```
 */
export function brokerSnapshots(options: BrokerSnapshotsOptions) {
  const endpoint = managementEndpoint(options.amqp[0], options.managementUrl);
  if (options.username !== undefined) endpoint.username = options.username;
  if (options.password !== undefined) endpoint.password = options.password;
  const management = new ManagementClient(endpoint, options.hints);
  // TLS faults on the AMQP side are told in the same words as on the management API's.
  const link = new AmqpLink(options.amqp, options.connectionName, options.hints);
  const amqpDepths = async (queues: string[]): Promise<QueueDepth[]> => {
    const conn = await link.connection();
    const depths: QueueDepth[] = [];
    for (const name of queues) {
      // One queue that cannot be read (deleted meanwhile, say) does not hide the others.
      const q = await inspectQueue(conn, name).catch(() => undefined);
      if (q) depths.push({ name, ready: q.messageCount, consumers: q.consumerCount });
    }
    return depths;
  };
  const poller = new SnapshotPoller({
    management,
    intervalMs: options.intervalMs,
    thresholds: options.thresholds,
    knownQueues: [TOPOLOGY_DEFAULTS.queue, TOPOLOGY_DEFAULTS.auditQueue],
    amqpDepths,
    ownConnection: options.connectionName,
  });
  return { poller, management, link };
}
