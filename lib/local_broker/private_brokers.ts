/**
 * Private brokers for what stops or kills a broker (drills, tests): a node or a cluster of this
 * machine's RabbitMQ (or of a Debian root holding another version), own node names, free ports
 * and a temporary directory, removed afterwards. The machine's own broker is never touched.
 */
import { freePortRange } from "./free_ports.ts";
import { LocalCluster } from "./local_cluster.ts";
import { LocalNode, type NodeTls } from "./local_node.ts";

/** Where private brokers come from. */
export interface PrivateBrokerSource {
  /** A Debian root whose RabbitMQ runs the nodes (see `LocalNodeOptions.root`). */
  root?: string;
}

/** How a private node or cluster is made. */
export interface PrivateBrokerOptions extends PrivateBrokerSource {
  /** Node names and the data directory start with this ("drill", "test"). */
  namePrefix: string;
  /** Run the management plugin (on free ports). Clusters always run it. */
  management?: boolean;
  /** Run the stream plugin on the AMQP port + 1 (`node.streamUrl`); nodes only. */
  stream?: boolean;
  /** Extra lines for every node's rabbitmq.conf. */
  extraConfig?: string;
  /** A TLS-only node (see `LocalNodeOptions.tls`); nodes only. */
  tls?: NodeTls;
}

/** A private broker, started; `remove` kills it (if it runs) and deletes its data. */
export interface PrivateBroker<T> {
  broker: T;
  remove: () => Promise<void>;
}

const shortId = () => crypto.randomUUID().slice(0, 8);

function privateDir(options: PrivateBrokerOptions): Promise<string> {
  return Deno.makeTempDir({
    prefix: `${options.namePrefix}-rabbitmq-`,
    dir: options.root ? `${options.root}/tmp` : undefined,
  });
}

async function killAll(nodes: LocalNode[], dir: string): Promise<void> {
  for (const node of nodes) {
    if (await node.running()) await node.kill().catch(() => {});
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/** Starts what `create` made in `dir`; on failure, removes it. */
async function started<T>(
  broker: T,
  nodes: LocalNode[],
  dir: string,
  start: () => Promise<void>,
): Promise<PrivateBroker<T>> {
  const remove = () => killAll(nodes, dir);
  try {
    await start();
  } catch (error) {
    await remove();
    throw error;
  }
  return { broker, remove };
}

/**
 * Starts a private node.
 *
 * @example
 * ```ts
 * const { broker: node, remove } = await privateNode({ namePrefix: "drill", management: true });
 * console.log(node.amqpUrl);
 * await remove();
 * ```
 */
export async function privateNode(
  options: PrivateBrokerOptions,
): Promise<PrivateBroker<LocalNode>> {
  const dir = await privateDir(options);
  let node: LocalNode;
  try {
    // The stream listener takes the AMQP port + 1, as on the nodes `start` runs.
    const amqpPort = freePortRange(options.stream ? 2 : 1);
    node = await LocalNode.create({
      nodeName: `${options.namePrefix}-${shortId()}@localhost`,
      dir,
      amqpPort,
      streamPort: options.stream ? amqpPort + 1 : undefined,
      distPort: freePortRange(1),
      managementPort: options.management ? freePortRange(1) : undefined,
      extraConfig: options.extraConfig,
      tls: options.tls,
      root: options.root,
    });
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
  return await started(node, [node], dir, () => node.start());
}

/**
 * Starts a private cluster of `nodes` nodes with the management plugin.
 *
 * @example
 * ```ts
 * const { broker: cluster, remove } = await privateCluster(3, { namePrefix: "drill" });
 * console.log(cluster.amqpUrls);
 * await remove();
 * ```
 */
export async function privateCluster(
  nodes: number,
  options: PrivateBrokerOptions,
): Promise<PrivateBroker<LocalCluster>> {
  const dir = await privateDir(options);
  let cluster: LocalCluster;
  try {
    cluster = await LocalCluster.create({
      dir,
      nodes,
      namePrefix: `${options.namePrefix}-${shortId()}`,
      amqpBasePort: freePortRange(nodes),
      managementBasePort: freePortRange(nodes),
      distBasePort: freePortRange(nodes),
      extraConfig: options.extraConfig,
      root: options.root,
    });
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
  return await started(cluster, cluster.nodes, dir, () => cluster.start());
}
