/**
 * `deno task drill NAME`: runs a drill end to end and ends with one verdict line, `PASS` or
 * `FAIL: <the first thing that went wrong>`, and its exit code (0 or 1). reliability and stress
 * run against --url; restart and failover start private brokers of their own (a node, a
 * three-node cluster) and remove them, so they never stop the broker you use.
 */
import { Argument, Option } from "commander";
import { UserError } from "../lib/errors.ts";
import {
  DrillReport,
  type DrillSettings,
  failoverDrill,
  reliabilityDrill,
  restartDrill,
  STRESS_PREFETCH,
  stressDrill,
} from "../lib/drills/mod.ts";
import { ManagementClient } from "../lib/management/mod.ts";
import { formatInteger, terminalJson, terminalSafe } from "../lib/shared/mod.ts";
import { asFlagError, command, integer, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { addOutputFlags } from "./_cli/output_flags.ts";
import { CLI_MANAGEMENT_HINTS } from "./_cli/hints.ts";

/** The drills, and what each does, as `--help` lists them. */
export const DRILLS = {
  reliability:
    "durable messages published with no consumer, checked Ready, then consumed: each exactly once, the work queue empty, the audit copy kept",
  restart:
    "the same on a private node crashed while publishing, restarted before consuming, crashed while consuming: nothing lost",
  stress:
    "the pika demo's stress test: a durable queue filled with 1,000,000 persistent messages (--count) and their audit copies, the backlog checked Ready, then drained with --prefetch: backlog peak, both rates, drain time, peak memory; nothing lost (--concurrent: publish and consume at once, with latency percentiles)",
  failover:
    "a quorum queue on a private three-node cluster, its leader SIGKILLed mid-run: nothing lost",
} as const;

/** A drill's name. */
export type DrillName = keyof typeof DRILLS;

/** Drills that start brokers of their own: --url means nothing to them. */
const PRIVATE: readonly DrillName[] = ["restart", "failover"];

/** Parsed flags of `drill`. */
export interface DrillFlags extends ConnectionFlagValues {
  drill: DrillName;
  broker: BrokerConnection;
  count: number;
  idleTimeout: number;
  prefetch?: number;
  concurrent: boolean;
  prefix: string;
  keep: boolean;
  rabbitmqRoot?: string;
  json: boolean;
}

/** Builds the `drill` command line. */
export function drillCommand() {
  const program = command(
    "drill",
    "Run a drill end to end: what it did, its figures, and PASS or FAIL with the first thing that went wrong (exit 0 or 1).",
  ).addArgument(
    new Argument("<name>", Object.entries(DRILLS).map(([n, what]) => `${n}: ${what}`).join("; "))
      .choices(Object.keys(DRILLS)),
  );
  addConnectionFlags(program, { host: "amqp" });
  const flags = [
    new Option("--count <n>", "messages in the run (default: 10000; stress: 1000000)")
      .argParser(integer({ min: 1, max: 100_000_000 })),
    new Option(
      "--idle-timeout <seconds>",
      "a consumer that received nothing for this long stops: what is missing stays missing (default: 30; failover: 90, past the 60 s RabbitMQ 4 holds the messages of a consumer on a lost node)",
    ).argParser(integer({ min: 1, max: 3600 })),
    new Option(
      `--prefetch <n>`,
      `messages the drill's consumer may hold unacked (default: 500; stress: ${STRESS_PREFETCH}, as the pika demo drains its backlog)`,
    ).argParser(integer({ min: 1, max: 65_535 })),
    new Option(
      "--concurrent",
      "stress: publish and consume at the same time (no backlog; latency percentiles) instead of filling the queue first",
    ).default(false),
    new Option(
      "--prefix <name>",
      "the drill's exchange and queues are named <prefix>.<drill>.<run id>.x/.work/.audit",
    ).default("drill"),
    new Option("--keep", "keep the drill's queues afterwards (reliability)").default(false),
    new Option(
      "--rabbitmq-root <dir>",
      "restart and failover: run the private brokers from this Debian root's RabbitMQ (default: this machine's rabbitmq-server)",
    ),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup("Drill:"));
  return addOutputFlags(program, { progress: false });
}

/**
 * Parses `drill` arguments; throws a `UserError` naming the flag on bad input.
 *
 * @example
 * ```ts
 * parseDrillFlags(["reliability", "--count", "1000"]).count; // 1000
 * ```
 */
export function parseDrillFlags(argv: string[]): DrillFlags {
  const program = drillCommand();
  const flags = parseFlags<DrillFlags>(program, argv);
  flags.drill = program.args[0] as DrillName;
  flags.count ??= flags.drill === "stress" ? 1_000_000 : 10_000;
  flags.idleTimeout ??= flags.drill === "failover" ? 90 : 30;
  const typed = (key: string) => program.getOptionValueSource(key) === "cli";
  const connection = ["url", "host", "managementUrl", "ca", "cert", "key"].find(typed);
  if (PRIVATE.includes(flags.drill) && connection) {
    const flag = `--${connection.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UserError(
      `${flag}: the ${flags.drill} drill runs on private brokers it starts (it never stops yours); leave the connection flags out`,
      { exitCode: 2 },
    );
  }
  flags.broker = asFlagError(() => resolveConnection(flags));
  if (flags.concurrent && flags.drill !== "stress") {
    throw new UserError(
      `--concurrent: only the stress drill has a concurrent run; ${flags.drill} publishes first and consumes after`,
      { exitCode: 2 },
    );
  }
  if (!PRIVATE.includes(flags.drill) && flags.rabbitmqRoot !== undefined) {
    throw new UserError(
      `--rabbitmq-root: only restart and failover start brokers; ${flags.drill} runs against --url`,
      { exitCode: 2 },
    );
  }
  return flags;
}

/** Runs `drill` with these arguments; returns the exit code (0 PASS, 1 FAIL). */
export async function drill(argv: string[]): Promise<number> {
  const flags = parseDrillFlags(argv);
  // Steps go to stdout as they happen; with --json, to stderr, and stdout holds the object. A
  // step may quote a broker's error or a name: made safe for the terminal.
  const tell = (line: string) =>
    (flags.json ? console.error : console.log)(
      `${flags.drill}: ${terminalSafe(line, { maxLength: Infinity })}`,
    );
  const report = new DrillReport(flags.drill, tell);
  const settings: DrillSettings = {
    endpoints: flags.broker.amqp,
    count: flags.count,
    prefix: flags.prefix,
    idleTimeoutMs: flags.idleTimeout * 1000,
    keep: flags.keep,
    prefetch: flags.prefetch,
    report,
  };
  tell(`${DRILLS[flags.drill]} (${formatInteger(flags.count)} messages)`);
  try {
    await runDrill(flags, settings);
  } catch (error) {
    // A drill that cannot go on has failed, with this as its first wrong thing.
    report.fail(error instanceof Error ? error.message : String(error));
  }
  if (flags.json) console.log(terminalJson(report.toJSON()));
  else console.log(`${flags.drill}: ${terminalSafe(report.verdict, { maxLength: Infinity })}`);
  return report.passed ? 0 : 1;
}

function runDrill(flags: DrillFlags, settings: DrillSettings): Promise<void> {
  const root = flags.rabbitmqRoot;
  // Queue figures are read as the seed reads them, from the management API.
  const management = new ManagementClient(flags.broker.management, CLI_MANAGEMENT_HINTS);
  switch (flags.drill) {
    case "reliability":
      return reliabilityDrill({ ...settings, management });
    case "restart":
      return restartDrill({ ...settings, root });
    case "failover":
      return failoverDrill({ ...settings, root });
    case "stress":
      return stressDrill({ ...settings, management, concurrent: flags.concurrent });
  }
}

if (import.meta.main) runCli("drill", () => drill(Deno.args));
