/**
 * A RabbitMQ cluster on this one machine: N {@linkcode LocalNode}s with consecutive ports,
 * joined to the first with `rabbitmqctl join_cluster`. For development and tests of failover.
 */
import { giveToRabbitmq, LocalNode } from "./local_node.ts";

/** Options for {@linkcode LocalCluster.create}. */
export interface LocalClusterOptions {
  /** Directory holding one sub-directory per node. */
  dir: string;
  /** How many nodes (3 keeps a quorum queue writable with one node down). */
  nodes: number;
  /** Node names are `<prefix>-1@localhost`, `<prefix>-2@localhost`, ... */
  namePrefix: string;
  /** AMQP port of node 1; node i listens on amqpBasePort + i - 1. */
  amqpBasePort: number;
  /** Management port of node 1 (same pattern); without it no management plugin. */
  managementBasePort?: number;
  /** Distribution port of node 1 (same pattern). */
  distBasePort: number;
  /** Extra lines for every node's rabbitmq.conf. */
  extraConfig?: string;
  /** A Debian root whose RabbitMQ runs the nodes (see `LocalNodeOptions.root`). */
  root?: string;
}

/**
 * The nodes of a local cluster.
 *
 * @example
 * ```ts
 * const cluster = await LocalCluster.create({ dir: "/tmp/c", nodes: 3, namePrefix: "c",
 *   amqpBasePort: 5673, managementBasePort: 15673, distBasePort: 25673 });
 * await cluster.start();
 * console.log(cluster.amqpUrls); // amqp://guest:guest@127.0.0.1:5673,...:5674,...:5675
 * await cluster.stop();
 * ```
 */
export class LocalCluster {
  readonly nodes: LocalNode[];

  private constructor(nodes: LocalNode[]) {
    this.nodes = nodes;
  }

  /** Writes every node's configuration (nothing starts yet). */
  static async create(options: LocalClusterOptions): Promise<LocalCluster> {
    await Deno.mkdir(options.dir, { recursive: true });
    await giveToRabbitmq([options.dir], options.root);
    const nodes = [];
    for (let i = 0; i < options.nodes; i++) {
      nodes.push(
        await LocalNode.create({
          nodeName: `${options.namePrefix}-${i + 1}@localhost`,
          dir: `${options.dir}/node-${i + 1}`,
          amqpPort: options.amqpBasePort + i,
          distPort: options.distBasePort + i,
          managementPort: options.managementBasePort && options.managementBasePort + i,
          extraConfig: options.extraConfig,
          root: options.root,
        }),
      );
    }
    return new LocalCluster(nodes);
  }

  /** Every node's AMQP URL, comma-separated (what `--url` takes). */
  get amqpUrls(): string {
    return this.nodes.map((node) => node.amqpUrl).join(",");
  }

  /** Every node's management base URL, comma-separated (what `--management-url` takes). */
  get managementUrls(): string {
    return this.nodes.map((node) => node.managementUrl).filter(Boolean).join(",");
  }

  /** The node with this Erlang name. */
  node(name: string): LocalNode | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  /**
   * Starts every node at once, then joins each to the first; `onStep` hears what happens.
   * Expects fresh data directories.
   */
  async start(onStep: (message: string) => void = () => {}): Promise<void> {
    try {
      await Promise.all(this.nodes.map(async (node) => {
        await node.start();
        onStep(`${node.name} is up on port ${node.options.amqpPort}`);
      }));
      const [first, ...others] = this.nodes;
      for (const node of others) {
        await node.ctl("await_startup");
        await node.ctl("stop_app");
        await node.ctl("join_cluster", first.name);
        await node.ctl("start_app");
        onStep(`${node.name} joined ${first.name}`);
      }
    } catch (error) {
      // A half-started cluster would keep its node names and ports taken: stop what started.
      await this.stop().catch(() => {});
      throw error;
    }
  }

  /** Names of the nodes the cluster counts as running, as the first running node sees them. */
  async runningNodes(): Promise<string[]> {
    for (const node of this.nodes) {
      if (!(await node.running())) continue;
      const status = JSON.parse(await node.ctl("cluster_status", "--formatter", "json"));
      return status.running_nodes as string[];
    }
    return [];
  }

  /** Stops every node cleanly (the data stays). */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
  }
}
