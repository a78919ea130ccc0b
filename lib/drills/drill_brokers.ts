/**
 * The private brokers drills that stop or kill a broker run on: a node or a three-node cluster
 * of this machine's RabbitMQ (or of a Debian root holding another version), on free ports and
 * in a temporary directory, removed afterwards. The machine's own broker is never touched.
 */
import { freePortRange, LocalCluster, LocalNode } from "../local_broker/mod.ts";

/** Where private brokers come from. */
export interface PrivateBrokerSource {
  /** A Debian root whose RabbitMQ runs the nodes (see `LocalNodeOptions.root`). */
  root?: string;
}

/** A private broker started for a drill; `remove` kills it and deletes its data. */
export interface PrivateBroker<T> {
  broker: T;
  remove: () => Promise<void>;
}

const shortId = () => crypto.randomUUID().slice(0, 8);

function privateDir(source: PrivateBrokerSource): Promise<string> {
  return Deno.makeTempDir({
    prefix: "drill-rabbitmq-",
    dir: source.root ? `${source.root}/tmp` : undefined,
  });
}

async function killAll(nodes: LocalNode[], dir: string): Promise<void> {
  for (const node of nodes) {
    if (await node.running()) await node.kill().catch(() => {});
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/**
 * Starts a private node with the management plugin.
 *
 * @example
 * ```ts
 * const { broker: node, remove } = await privateNode({});
 * console.log(node.amqpUrl);
 * await remove();
 * ```
 */
export async function privateNode(source: PrivateBrokerSource): Promise<PrivateBroker<LocalNode>> {
  const dir = await privateDir(source);
  const node = await LocalNode.create({
    nodeName: `drill-${shortId()}@localhost`,
    dir,
    amqpPort: freePortRange(1),
    distPort: freePortRange(1),
    managementPort: freePortRange(1),
    extraConfig: "collect_statistics_interval = 1000",
    root: source.root,
  });
  const remove = () => killAll([node], dir);
  try {
    await node.start();
  } catch (error) {
    await remove();
    throw error;
  }
  return { broker: node, remove };
}

/**
 * Starts a private cluster of `nodes` nodes with the management plugin.
 *
 * @example
 * ```ts
 * const { broker: cluster, remove } = await privateCluster(3, {});
 * console.log(cluster.amqpUrls);
 * await remove();
 * ```
 */
export async function privateCluster(
  nodes: number,
  source: PrivateBrokerSource,
): Promise<PrivateBroker<LocalCluster>> {
  const dir = await privateDir(source);
  const cluster = await LocalCluster.create({
    dir,
    nodes,
    namePrefix: `drill-${shortId()}`,
    amqpBasePort: freePortRange(nodes),
    managementBasePort: freePortRange(nodes),
    distBasePort: freePortRange(nodes),
    extraConfig: "collect_statistics_interval = 1000",
    root: source.root,
  });
  const remove = () => killAll(cluster.nodes, dir);
  try {
    await cluster.start();
  } catch (error) {
    await remove();
    throw error;
  }
  return { broker: cluster, remove };
}
