/**
 * `deno task status`: the broker at a glance in the terminal, from the same snapshots as the
 * web monitor; redrawn in place every few seconds, or printed once.
 */
import { Option } from "commander";
import { brokerSnapshots } from "../lib/monitor/mod.ts";
import { managementEndpoint, parseAmqpUrls } from "../lib/config.ts";
import {
  addDepthOptions,
  amqpUrlOption,
  asFlagError,
  command,
  hostAndPort,
  integer,
  managementUrlOption,
  parseFlags,
  runCli,
  thresholdsOf,
} from "./_cli/flags.ts";
import { CLI_MANAGEMENT_HINTS } from "./_cli/hints.ts";
import { COLOR, type Palette, PLAIN, renderStatus } from "./_cli/status_view.ts";
import { LiveScreen } from "./_cli/live_screen.ts";
import type { Snapshot } from "../lib/shared/mod.ts";
import { sleep } from "../lib/_util/mod.ts";

/** Parsed flags of `status`. */
export interface StatusFlags {
  url: string;
  managementUrl: string;
  watch?: number;
  once: boolean;
  host?: string;
  username?: string;
  password?: string;
  json: boolean;
  warnDepth: number;
  criticalDepth: number;
}

/** Seconds between redraws when --watch is not given. */
const DEFAULT_WATCH_SECONDS = 3;
const DEFAULT_MANAGEMENT_PORT = 15672;

/** Builds the `status` command line. */
export function statusCommand() {
  return addDepthOptions(
    command("status", "Show queues, consumers and connections in the terminal.")
      .addOption(
        amqpUrlOption(
          "AMQP URL (user, password, vhost), or a comma-separated list (cluster nodes)",
        ),
      )
      .addOption(managementUrlOption())
      .option(
        "--host <url-or-name>",
        "management API, as in the pika tutorials: a URL (http://localhost:15672) or a host name",
      )
      .option("--username <name>", "management API user (default: the user of --url)")
      .option("--password <password>", "management API password (default: that of --url)")
      .addOption(
        new Option(
          "--watch <seconds>",
          `redraw every N seconds (default ${DEFAULT_WATCH_SECONDS} on a terminal; 0 = print once)`,
        )
          .argParser(integer({ min: 0, max: 3600 })),
      )
      .option("--once", "print once and exit", false)
      .option("--json", "print the snapshot as JSON and exit", false),
  );
}

/** The management URL for `--host name[:port]` (the management port unless one is given). */
function managementUrlOf({ hostname, port }: { hostname: string; port?: number }): string {
  return `http://${hostname}:${port ?? DEFAULT_MANAGEMENT_PORT}`;
}

/**
 * Parses `status` flags: `--host` (a URL or a host name) stands for `--management-url`, and
 * `--watch 0` means print once, as in the pika tutorials' monitor.
 *
 * @example
 * ```ts
 * parseStatusFlags(["--host", "rabbit.lan", "--watch", "0"]).managementUrl; // "http://rabbit.lan:15672"
 * parseStatusFlags(["--host", "rabbit.lan:15682"]).managementUrl; // "http://rabbit.lan:15682"
 * ```
 */
export function parseStatusFlags(argv: string[]): StatusFlags {
  const flags = parseFlags<StatusFlags>(statusCommand(), argv);
  return asFlagError(() => {
    if (flags.host !== undefined) {
      flags.managementUrl = flags.host.includes("://")
        ? flags.host
        : managementUrlOf(hostAndPort(flags.host));
    }
    if (flags.watch === 0) flags.once = true;
    parseAmqpUrls(flags.url, "--url");
    managementEndpoint(
      parseAmqpUrls(flags.url, "--url")[0],
      flags.managementUrl,
      "--host or --management-url",
    );
    thresholdsOf(flags);
    return flags;
  });
}

/**
 * 1 when the management API could not be read (down, or refusing the credentials), with its
 * reason on stderr: a script must see it, even though AMQP still gave the depths. A broker that
 * only collects no statistics was read.
 */
function exitCodeOf(snapshot: Snapshot): number {
  if (snapshot.source === "management" || snapshot.statisticsOff) return 0;
  console.error(`status: ${snapshot.problem ?? "the broker could not be read"}`);
  return 1;
}

/**
 * Polls every `seconds` and shows each snapshot full-screen until the person quits (q, Ctrl+C)
 * or SIGTERM comes; the terminal is given back as it was.
 */
async function watchFullScreen(
  poller: { poll(): Promise<Snapshot> },
  options: { seconds: number; palette: Palette },
): Promise<void> {
  const screen = new LiveScreen(options.palette);
  let stopped = false;
  const quit = screen.quit.then(() => (stopped = true));
  const onSignal = () => screen.end();
  Deno.addSignalListener("SIGTERM", onSignal);
  Deno.addSignalListener("SIGINT", onSignal);
  screen.open();
  try {
    while (!stopped) {
      screen.show(await poller.poll());
      await Promise.race([sleep(options.seconds * 1000), quit]);
    }
  } finally {
    Deno.removeSignalListener("SIGTERM", onSignal);
    Deno.removeSignalListener("SIGINT", onSignal);
    screen.close();
  }
}

async function main(): Promise<number> {
  const flags = parseStatusFlags(Deno.args);
  // The refusal names the flags that carried the credentials it used.
  const ownCredentials = flags.username !== undefined || flags.password !== undefined;
  const { poller, link } = brokerSnapshots({
    hints: {
      ...CLI_MANAGEMENT_HINTS,
      credentials: ownCredentials ? "--username / --password" : CLI_MANAGEMENT_HINTS.credentials,
    },
    amqp: parseAmqpUrls(flags.url, "--url"),
    managementUrl: flags.managementUrl,
    username: flags.username,
    password: flags.password,
    intervalMs: (flags.watch || DEFAULT_WATCH_SECONDS) * 1000,
    thresholds: thresholdsOf(flags),
    connectionName: "status",
  });
  const tty = Deno.stdout.isTerminal();
  const palette = tty && !Deno.env.get("NO_COLOR") ? COLOR : PLAIN;
  try {
    if (flags.json) {
      const snapshot = await poller.poll();
      console.log(JSON.stringify(snapshot));
      return exitCodeOf(snapshot);
    }
    // Off a terminal: one plain snapshot, whatever --watch says (a log is not a screen).
    const watch = flags.once || !tty ? undefined : flags.watch ?? DEFAULT_WATCH_SECONDS;
    if (watch === undefined) {
      const snapshot = await poller.poll();
      console.log(renderStatus(snapshot, palette).join("\n"));
      return exitCodeOf(snapshot);
    }
    await watchFullScreen(poller, { seconds: watch, palette });
    return 0;
  } finally {
    await link.close();
  }
}

if (import.meta.main) runCli("status", main);
