/**
 * `deno task cluster`: starts a RabbitMQ cluster of three nodes on this machine (own names,
 * ports and data directories, joined with `rabbitmqctl join_cluster`); `--stop` stops it and
 * removes its data.
 */
import { Option } from "commander";
import { UserError } from "../lib/errors.ts";
import { LocalCluster, type LocalClusterOptions } from "../lib/local_broker/mod.ts";
import { command, integer, parseFlags, runCli } from "./_cli/flags.ts";

/** Parsed flags of `cluster`. */
export interface ClusterFlags {
  nodes: number;
  dir: string;
  amqpPort: number;
  managementPort: number;
  distPort: number;
  stop: boolean;
}

/** Builds the `cluster` command line. */
export function clusterCommand() {
  return command(
    "cluster",
    "Start a local RabbitMQ cluster (three nodes on this machine), or stop it with --stop.",
  )
    .addOption(
      new Option("--nodes <n>", "how many nodes").argParser(integer({ min: 1, max: 9 })).default(
        3,
      ),
    )
    .option("--dir <path>", "where the nodes keep their data", "/tmp/rabbitmq-toolkit-cluster")
    .addOption(
      new Option("--amqp-port <port>", "AMQP port of node 1 (node N: port + N - 1)")
        .argParser(integer({ min: 1, max: 65_000 })).default(5673),
    )
    .addOption(
      new Option("--management-port <port>", "management port of node 1 (node N: port + N - 1)")
        .argParser(integer({ min: 1, max: 65_000 })).default(15673),
    )
    .addOption(
      new Option("--dist-port <port>", "inter-node port of node 1 (node N: port + N - 1)")
        .argParser(integer({ min: 1, max: 65_000 })).default(25673),
    )
    .option("--stop", "stop the cluster started from --dir and remove its data", false);
}

/** Parses `cluster` flags. */
export function parseClusterFlags(argv: string[]): ClusterFlags {
  return parseFlags<ClusterFlags>(clusterCommand(), argv);
}

/** The file in --dir that remembers how the cluster was started, for --stop. */
const STATE_FILE = "cluster.json";

async function readState(dir: string): Promise<LocalClusterOptions | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/${STATE_FILE}`));
  } catch {
    return undefined;
  }
}

async function stopCluster(dir: string): Promise<number> {
  const state = await readState(dir);
  if (!state) {
    console.error(`cluster: no cluster in ${dir} (nothing to stop)`);
    return 0;
  }
  const cluster = await LocalCluster.create(state);
  await cluster.stop();
  await Deno.remove(dir, { recursive: true });
  console.error(`cluster: stopped ${state.nodes} nodes and removed ${dir}`);
  return 0;
}

function printUsage(cluster: LocalCluster): void {
  console.log(`AMQP_URL=${cluster.amqpUrls}`);
  console.log(`MANAGEMENT_URL=${cluster.managementUrls}`);
  console.error(
    `cluster: try  deno task produce --url "${cluster.amqpUrls}" --queue-type quorum\n` +
      `         and  deno task monitor --url "${cluster.amqpUrls}" --management-url "${cluster.managementUrls}"\n` +
      `         stop with  deno task cluster --stop`,
  );
}

/** Runs `cluster` with these arguments; returns the exit code. */
export async function cluster(argv: string[]): Promise<number> {
  const flags = parseClusterFlags(argv);
  if (flags.stop) return await stopCluster(flags.dir);
  if (Deno.uid() !== 0) {
    throw new UserError(
      "the local cluster runs the installed rabbitmq-server, which only root may start here; " +
        "run as root, or use containers: docker compose --profile cluster up -d",
    );
  }
  const existing = await readState(flags.dir);
  if (existing) {
    const running = await LocalCluster.create(existing);
    // Our node, not merely something on its port.
    if (await running.nodes[0].ctl("ping").then(() => true, () => false)) {
      console.error(`cluster: already running from ${flags.dir}`);
      printUsage(running);
      return 0;
    }
  }
  // A fresh start every time: nodes that were stopped half-joined would not rejoin cleanly.
  await Deno.remove(flags.dir, { recursive: true }).catch(() => {});
  const options: LocalClusterOptions = {
    dir: flags.dir,
    nodes: flags.nodes,
    namePrefix: "toolkit",
    amqpBasePort: flags.amqpPort,
    managementBasePort: flags.managementPort,
    distBasePort: flags.distPort,
    // The same live statistics as the single broker (config/rabbitmq-live-stats.conf).
    extraConfig: await Deno.readTextFile(
      new URL("../config/rabbitmq-live-stats.conf", import.meta.url),
    ),
  };
  const local = await LocalCluster.create(options);
  await Deno.writeTextFile(`${flags.dir}/${STATE_FILE}`, JSON.stringify(options, null, 2));
  console.error(`cluster: starting ${flags.nodes} nodes in ${flags.dir}...`);
  try {
    await local.start((step) => console.error(`cluster: ${step}`));
  } catch (error) {
    await local.stop().catch(() => {});
    await Deno.remove(flags.dir, { recursive: true }).catch(() => {});
    if (error instanceof UserError && error.message.includes("already taken")) {
      throw new UserError(`${error.message} (--amqp-port, --management-port, --dist-port)`);
    }
    throw error;
  }
  console.error(`cluster: running nodes ${(await local.runningNodes()).join(", ")}`);
  printUsage(local);
  return 0;
}

if (import.meta.main) runCli("cluster", () => cluster(Deno.args));
