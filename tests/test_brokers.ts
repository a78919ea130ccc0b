/**
 * The brokers the suite runs against: RabbitMQ 4.3 first (what people install today), on a node
 * of its own from a Debian forky root, and this machine's own RabbitMQ (3.x) on 5672.
 */
import { ensureRabbitmqRoot, LocalNode } from "../lib/local_broker/mod.ts";

/** One broker the suite runs against, as the tests' environment names it. */
export interface TestBroker {
  /** Short name (`4.3`, `local`). */
  name: string;
  amqpUrl: string;
  managementUrl: string;
  /** The Debian root whose RabbitMQ the private nodes of this run use; none: this machine's. */
  root?: string;
}

/** Where the RabbitMQ 4.3 root is kept between runs. */
export const ROOT_43 = Deno.env.get("RABBITMQ_43_ROOT") ??
  "/var/lib/rabbitmq-toolkit/rabbitmq-4.3";

/**
 * The 4.3 node's ports: beside the machine's 5672 and the cluster task's 5673-5675; the stream
 * protocol on the AMQP port + 1.
 */
const PORTS_43 = { amqp: 5682, stream: 5683, management: 15682, prometheus: 15702, dist: 25682 };

/** Statistics every second, as `config/rabbitmq-live-stats.conf` sets for the local broker. */
const LIVE_STATS = new URL("../config/rabbitmq-live-stats.conf", import.meta.url);

/**
 * Builds the 4.3 root where missing and starts its node where it is not running; resolves with
 * the broker once it accepts connections. The node keeps running afterwards, like the
 * machine's own broker.
 */
export async function startBroker43(onStep: (message: string) => void): Promise<TestBroker> {
  await ensureRabbitmqRoot({ dir: ROOT_43, suite: "forky", onStep });
  const node = await LocalNode.create({
    nodeName: "toolkit-43@localhost",
    dir: `${ROOT_43}/var/lib/rabbitmq-toolkit-node`,
    amqpPort: PORTS_43.amqp,
    managementPort: PORTS_43.management,
    prometheusPort: PORTS_43.prometheus,
    streamPort: PORTS_43.stream,
    distPort: PORTS_43.dist,
    extraConfig: await Deno.readTextFile(LIVE_STATS),
    root: ROOT_43,
  });
  if (!(await node.running())) {
    onStep(`starting RabbitMQ 4.3 (${node.name}) on port ${PORTS_43.amqp}...`);
    await node.start();
    await node.ctl("await_startup");
  }
  return {
    name: "4.3",
    amqpUrl: node.amqpUrl,
    managementUrl: node.managementUrl!,
    root: ROOT_43,
  };
}

/** This machine's own broker (or the one AMQP_URL and MANAGEMENT_URL name). */
export function localBroker(): TestBroker {
  return {
    name: "local",
    amqpUrl: Deno.env.get("AMQP_URL") ?? "amqp://guest:guest@127.0.0.1:5672",
    managementUrl: Deno.env.get("MANAGEMENT_URL") ?? "http://127.0.0.1:15672",
  };
}
