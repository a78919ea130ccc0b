/**
 * Private RabbitMQ nodes and clusters for test files: own node names, free ports and data
 * directories under a temp dir, so tests that kill a broker never touch the shared one.
 */
import { LocalCluster } from "../lib/local_cluster.ts";
import { LocalNode } from "../lib/local_node.ts";

/** A free TCP port on loopback, as the OS hands it out. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/** The first of `count` consecutive free ports (for a cluster's nodes), found by trying. */
export function freePortRange(count: number): number {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const listeners: Deno.Listener[] = [];
    try {
      for (let i = 0; i < count; i++) {
        listeners.push(Deno.listen({ hostname: "127.0.0.1", port: base + i }));
      }
      return base;
    } catch {
      // Taken: try another range.
    } finally {
      for (const listener of listeners) listener.close();
    }
  }
}

const shortId = () => crypto.randomUUID().slice(0, 8);

/** A running (or killed) private node. */
export class PrivateBroker {
  readonly node: LocalNode;

  private constructor(node: LocalNode) {
    this.node = node;
  }

  /** AMQP URL of this node. */
  get url(): string {
    return this.node.amqpUrl;
  }

  /** Creates the node's directory and starts it; resolves once it accepts connections. */
  static async start(): Promise<PrivateBroker> {
    const dir = await Deno.makeTempDir({ prefix: "private-rabbitmq-" });
    const node = await LocalNode.create({
      nodeName: `test-${shortId()}@localhost`,
      dir,
      amqpPort: freePort(),
      distPort: freePort(),
    });
    await node.start();
    return new PrivateBroker(node);
  }

  /** Starts the node again on the same data. */
  restart(): Promise<void> {
    return this.node.start();
  }

  /** Runs `rabbitmqctl` against this node. */
  ctl(...args: string[]): Promise<string> {
    return this.node.ctl(...args);
  }

  /** SIGKILLs the node (no clean shutdown) and waits until its port is closed. */
  kill(): Promise<void> {
    return this.node.kill();
  }

  /** Kills the node if it runs and removes its data. */
  async stop(): Promise<void> {
    if (await this.node.running()) await this.node.kill().catch(() => {});
    await Deno.remove(this.node.options.dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Starts a private cluster of `nodes` nodes with the management plugin; `remove` kills every
 * node and deletes the data.
 */
export async function startPrivateCluster(
  nodes: number,
): Promise<{ cluster: LocalCluster; remove: () => Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "private-cluster-" });
  const cluster = await LocalCluster.create({
    dir,
    nodes,
    namePrefix: `test-${shortId()}`,
    amqpBasePort: freePortRange(nodes),
    managementBasePort: freePortRange(nodes),
    distBasePort: freePortRange(nodes),
    extraConfig: "collect_statistics_interval = 1000",
  });
  const remove = async () => {
    for (const node of cluster.nodes) {
      if (await node.running()) await node.kill().catch(() => {});
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await cluster.start();
  } catch (error) {
    await remove();
    throw error;
  }
  return { cluster, remove };
}
