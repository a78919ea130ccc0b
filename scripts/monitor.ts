/**
 * `deno task monitor`: serves the live web monitor (overview, queue pages with chart and
 * message feed, connections, a publish form).
 */
import { InvalidArgumentError, Option } from "commander";
import { TOPOLOGY_DEFAULTS } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import { DEFAULT_PUBLISH_EXCHANGES, startMonitor } from "../routes/app.ts";
import { MIN_TOKEN_LENGTH } from "../routes/_middleware/token_auth.ts";
import {
  ACTION_KINDS,
  type ActionKind,
  parseActionKinds,
} from "../routes/_requests/action_scope.ts";
import {
  addDepthOptions,
  asFlagError,
  command,
  integer,
  parseFlags,
  runCli,
  thresholdsOf,
} from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { CLI_MANAGEMENT_HINTS, CLI_MONITOR_ADVICE } from "./_cli/hints.ts";
import { HealthWatch } from "../lib/snapshots/mod.ts";
import type { RunningMonitor } from "../routes/app.ts";

/** Parsed flags of `monitor`. */
export interface MonitorFlags extends Omit<ConnectionFlagValues, "host"> {
  /** The broker `--url` and `--management-url` name. */
  broker: BrokerConnection;
  /** The address to listen on. */
  host: string;
  port: number;
  interval: number;
  token?: string;
  allowedHost: string[];
  publishExchange: string[];
  exchange: string;
  routingKey: string;
  readOnly: boolean;
  allow: ActionKind[];
  warnDepth: number;
  criticalDepth: number;
}

/** Builds the `monitor` command line. */
export function monitorCommand() {
  const program = command("monitor", "Serve the live web monitor.");
  addConnectionFlags(program, { credentials: true });
  const collect = (name: string, names: string[]) => [...names, name];
  const server = [
    new Option("--host <address>", "address to listen on").default("127.0.0.1"),
    new Option("--port <n>", "port to listen on").argParser(integer({ min: 0, max: 65_535 }))
      .default(8000),
    new Option(
      "--token <token>",
      "require this token on every page and API call (default: none; required off loopback)",
    ).env("MONITOR_TOKEN"),
    new Option(
      "--allowed-host <name>",
      "a further name the monitor answers to, besides localhost and --host (repeatable)",
    ).argParser(collect).default([], "none"),
    new Option("--interval <seconds>", "seconds between management polls").argParser(
      integer({ min: 1, max: 3600 }),
    ).default(2),
  ];
  const publishing = [
    new Option(
      "--exchange <name>",
      "where the publish form and POST /publish/?message= send messages (may be published to)",
    ).default(TOPOLOGY_DEFAULTS.exchange),
    new Option("--routing-key <key>", "their routing key").default(TOPOLOGY_DEFAULTS.routingKey),
    new Option(
      "--publish-exchange <name>",
      `a further exchange the monitor may publish to and tap, besides ${
        DEFAULT_PUBLISH_EXCHANGES.join(" and ")
      } ('' for the default exchange; repeatable)`,
    ).argParser(collect).default([], "none"),
    new Option("--read-only", "refuse every write (publishing) through the monitor").default(false),
    new Option(
      "--allow <kinds>",
      `actions on the broker itself the page and API may take, a comma list of ${
        ACTION_KINDS.join(", ")
      } (repeatable; --read-only still refuses them)`,
    ).argParser((value: string, kinds: ActionKind[]) => {
      try {
        return [...new Set([...kinds, ...parseActionKinds([value])])];
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    }).default([], "none"),
  ];
  for (const flag of server) program.addOption(flag.helpGroup("Web server:"));
  for (const flag of publishing) program.addOption(flag.helpGroup("Publishing from the page:"));
  return addDepthOptions(program);
}

/** Addresses only this machine can reach. */
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** Parses `monitor` flags. */
export function parseMonitorFlags(argv: string[]): MonitorFlags {
  const flags = parseFlags<MonitorFlags>(monitorCommand(), argv);
  return asFlagError(() => {
    flags.broker = resolveConnection({ ...flags, host: undefined });
    thresholdsOf(flags);
    if (flags.token !== undefined && flags.token.length < MIN_TOKEN_LENGTH) {
      throw new UserError(
        `--token (or MONITOR_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters (got ${flags.token.length}); ` +
          `make one with: openssl rand -hex 16`,
      );
    }
    if (!LOOPBACK.has(flags.host) && !flags.token) {
      throw new UserError(
        `--host ${flags.host} lets other machines reach the monitor (and publish through it); give --token (or MONITOR_TOKEN) so every page and API call needs it`,
      );
    }
    return flags;
  });
}

async function main(): Promise<number> {
  const flags = parseMonitorFlags(Deno.args);
  const { broker } = flags;
  const monitor = await startMonitor({
    amqp: broker.amqp,
    managementUrl: broker.management.baseUrls.join(","),
    username: broker.management.username,
    password: broker.management.password,
    host: flags.host,
    port: flags.port,
    intervalSeconds: flags.interval,
    thresholds: thresholdsOf(flags),
    token: flags.token,
    allowedHosts: flags.allowedHost,
    publishExchanges: flags.publishExchange,
    readOnly: flags.readOnly,
    allow: flags.allow,
    publishTo: { exchange: flags.exchange, routingKey: flags.routingKey },
    advice: CLI_MONITOR_ADVICE,
    managementHints: { ...CLI_MANAGEMENT_HINTS, credentials: broker.credentialFlags },
  });
  if (!(await reportHealth(monitor, broker.management.baseUrls[0]))) {
    await monitor.close();
    return 1;
  }
  console.log(`monitor: open ${monitor.url} (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    Deno.addSignalListener("SIGINT", resolve);
    Deno.addSignalListener("SIGTERM", resolve);
  });
  await monitor.close();
  return 0;
}

/**
 * Says on stderr, in one line, how the broker answers the first poll when it is not healthy,
 * and again whenever that changes. False when it refuses the credentials or the vhost: a
 * monitor that can show nothing until it is restarted ends, as `status` does.
 */
async function reportHealth(monitor: RunningMonitor, broker: string): Promise<boolean> {
  const watch = new HealthWatch({ name: "monitor", broker });
  const say = (line?: string) => line && console.error(line);
  const first = await monitor.context.poller.poll();
  say(watch.next(first));
  if (first.refused) return false;
  monitor.context.poller.observe((snapshot) => say(watch.next(snapshot)));
  return true;
}

if (import.meta.main) runCli("monitor", main);
