/**
 * Private RabbitMQ nodes and clusters for test files: own node names, free ports and data
 * directories under a temp dir, so tests that kill a broker never touch the shared one.
 */
import {
  failoverClusterConfig,
  type LocalCluster,
  type LocalNode,
  type NodeTls,
  privateCluster,
  privateNode,
} from "../lib/local_broker/mod.ts";

/**
 * The RabbitMQ private nodes run: the one in the Debian root `RABBITMQ_ROOT` names (the
 * version of the broker under test, set by `tests/suite.ts`), else this machine's own.
 */
export const RABBITMQ_ROOT = Deno.env.get("RABBITMQ_ROOT") || undefined;

/**
 * Booting Erlang nodes is the heaviest thing the suite does: tests take turns, one private node
 * and one private cluster at a time, so that on a busy 2-core machine a node still boots within
 * its deadline. Resolves, once it is this test's turn, with the function that ends it. (An
 * exclusive lock on a file; the system drops it if the process dies.)
 */
export async function takeTurn(kind: "node" | "cluster"): Promise<() => void> {
  const dir = Deno.env.get("TMPDIR") ?? "/tmp";
  const file = await Deno.open(`${dir}/rabbitmq-toolkit-tests-${kind}.lock`, {
    create: true,
    write: true,
  });
  await file.lock(true);
  return () => file.close(); // closing releases the lock
}

/** How a private node differs from a bare one. */
export interface PrivateBrokerOptions {
  /** Run the management plugin (on a free port: `node.managementUrl`). */
  management?: boolean;
  /** Run the stream plugin (on the AMQP port + 1: `node.streamUrl`). */
  stream?: boolean;
  /** Extra lines for its rabbitmq.conf. */
  extraConfig?: string;
  /** A TLS-only node (AMQPS, and https for the management API). */
  tls?: NodeTls;
}

/** A running (or killed) private node. */
export class PrivateBroker {
  readonly node: LocalNode;
  readonly #remove: () => Promise<void>;

  private constructor(node: LocalNode, remove: () => Promise<void>) {
    this.node = node;
    this.#remove = remove;
  }

  /** AMQP URL of this node. */
  get url(): string {
    return this.node.amqpUrl;
  }

  /** Ends this test's turn with private nodes (see {@linkcode takeTurn}). */
  #endTurn: () => void = () => {};

  /**
   * Waits for its turn, creates the node's directory and starts it; resolves once it accepts
   * connections.
   */
  static async start(options: PrivateBrokerOptions = {}): Promise<PrivateBroker> {
    const endTurn = await takeTurn("node");
    try {
      const broker = await PrivateBroker.#boot(options);
      broker.#endTurn = endTurn;
      return broker;
    } catch (error) {
      endTurn();
      throw error;
    }
  }

  static async #boot(options: PrivateBrokerOptions): Promise<PrivateBroker> {
    const { broker, remove } = await privateNode({
      ...options,
      namePrefix: "test",
      root: RABBITMQ_ROOT,
    });
    return new PrivateBroker(broker, remove);
  }

  /** Its log file (what the node wrote since it started). */
  get logFile(): string {
    return `${this.node.options.dir}/log/${this.node.name}.log`;
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

  /** Kills the node if it runs, removes its data, and ends this test's turn. */
  async stop(): Promise<void> {
    try {
      await this.#remove();
    } finally {
      this.#endTurn();
    }
  }
}

/**
 * Starts a private cluster of `nodes` nodes with the management plugin; `remove` kills every
 * node and deletes the data.
 */
export async function startPrivateCluster(
  nodes: number,
): Promise<{ cluster: LocalCluster; remove: () => Promise<void> }> {
  const endTurn = await takeTurn("cluster");
  const options = {
    namePrefix: "test",
    // Its nodes are killed on purpose: their consumers' messages need not wait a minute.
    extraConfig: ["collect_statistics_interval = 1000", await failoverClusterConfig(RABBITMQ_ROOT)]
      .join("\n"),
    root: RABBITMQ_ROOT,
  };
  try {
    // Three Erlang nodes booting at once beside the rest of the suite on two cores: a node that
    // does not come up is said, and a fresh cluster (new names, ports and data) tried once more.
    const { broker: cluster, remove } = await privateCluster(nodes, options).catch((error) => {
      console.error(`private cluster did not start (${error.message}); starting a new one`);
      return privateCluster(nodes, options);
    });
    return { cluster, remove: () => remove().finally(endTurn) };
  } catch (error) {
    endTurn();
    throw error;
  }
}
