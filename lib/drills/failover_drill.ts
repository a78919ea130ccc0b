/**
 * The failover drill: a quorum queue on a private three-node cluster; while N messages are
 * published and consumed, the node that leads the queue is SIGKILLed. Both clients reconnect to
 * the other nodes, a new leader takes over, and nothing may be lost.
 */
import { managementEndpoint, parseAmqpUrl, parseAmqpUrls } from "../config.ts";
import {
  failoverClusterConfig,
  type LocalCluster,
  type LocalNode,
  type PrivateBrokerSource,
  privateCluster,
} from "../local_broker/mod.ts";
import { ManagementClient } from "../management/mod.ts";
import { newRunId } from "../messaging/mod.ts";
import { sleep } from "../_util/mod.ts";
import { checkConsumed, checkPublished } from "./drill_checks.ts";
import { declareDrillQueues, drillQueues } from "./drill_queues.ts";
import { consumeNumbered, publishNumbered } from "./message_flow.ts";
import { DRILL_NODE_CONFIG, type DrillSettings } from "./drill_settings.ts";

/** Settings of the failover drill: where its private cluster comes from. */
export interface FailoverDrillSettings
  extends Omit<DrillSettings, "endpoints">, PrivateBrokerSource {}

/**
 * Runs the failover drill on a private three-node cluster it starts and removes.
 *
 * @example
 * ```ts
 * const report = new DrillReport("failover", console.log);
 * await failoverDrill({ count: 10_000, prefix: "drill", idleTimeoutMs: 30_000, keep: false,
 *   report });
 * ```
 */
export async function failoverDrill(settings: FailoverDrillSettings): Promise<void> {
  const { count, report } = settings;
  const { broker: cluster, remove } = await privateCluster(3, {
    root: settings.root,
    namePrefix: "drill",
    // The leader is killed on purpose: its consumers' messages need not wait a minute for it.
    extraConfig: [DRILL_NODE_CONFIG, await failoverClusterConfig(settings.root)].join("\n"),
  });
  try {
    report.step(`started a private cluster of 3 nodes: ${cluster.nodes.map((n) => n.name)}`);
    const runId = newRunId();
    const queues = drillQueues(`${settings.prefix}.failover`, runId, false);
    await declareDrillQueues(parseAmqpUrls(cluster.amqpUrls), queues, "quorum");
    const leader = await leaderOf(cluster, queues.work);
    report.step(`declared the quorum queue ${queues.work}, led by ${leader.name}`);

    // Both clients start on the leader, so that killing it takes their connections away.
    const others = cluster.nodes.filter((node) => node !== leader);
    const endpoints = parseAmqpUrls([leader, ...others].map((node) => node.amqpUrl).join(","));
    const flow = { endpoints, reconnectTimeoutMs: 120_000 };
    let killing: Promise<void> | undefined;
    const killLeader = (arrived: number) => {
      killing ??= leader.kill().then(() =>
        report.step(`SIGKILLed the leader, ${leader.name}, at message ${arrived}`)
      );
    };
    const [published, consumed] = await Promise.all([
      publishNumbered({ ...flow, queues, count, runId }),
      consumeNumbered({
        ...flow,
        queue: queues.work,
        count,
        runId,
        idleTimeoutMs: settings.idleTimeoutMs,
        prefetch: settings.prefetch,
        onArrived: (unique) => unique >= count / 5 && killLeader(unique),
      }),
    ]);
    await killing;
    checkPublished(report, published, count);
    checkConsumed(report, consumed, { exactlyOnce: false });
    const successor = await leaderOf(cluster, queues.work, others).catch(() => undefined);
    report.step(`the queue is now led by ${successor?.name ?? "(not known)"}`);
    report.check(successor !== undefined && successor !== leader, "no other node took the lead");
  } finally {
    await remove();
    report.step("removed the private cluster");
  }
}

/** The node that leads `queue`, as the management API of one of `asking` says. */
async function leaderOf(
  cluster: LocalCluster,
  queue: string,
  asking: LocalNode[] = cluster.nodes,
): Promise<LocalNode> {
  const deadline = Date.now() + 60_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    for (const node of asking) {
      const api = new ManagementClient(
        managementEndpoint(parseAmqpUrl(node.amqpUrl), node.managementUrl!),
      );
      try {
        const info = await api.queue(queue);
        const leader = info?.leader && cluster.node(info.leader);
        if (leader) return leader;
        last = `${node.name} names no leader yet`;
      } catch (error) {
        last = `${node.name}: ${error instanceof Error ? error.message : error}`;
      }
    }
    await sleep(500);
  }
  throw new Error(`the leader of ${queue} is not known: ${last}`);
}
