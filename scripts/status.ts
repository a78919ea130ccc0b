/**
 * `deno task status`: the broker at a glance in the terminal, from the same snapshots as the
 * web monitor; redrawn in place every few seconds, or printed once.
 */
import { Option } from "commander";
import { brokerSnapshots, pollInterval, POLLS_FOLLOWED } from "../lib/snapshots/mod.ts";
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
import { CLI_MANAGEMENT_HINTS } from "./_cli/hints.ts";
import { COLOR, type Palette, PLAIN, renderStatus } from "./_cli/status_view.ts";
import { LiveScreen } from "./_cli/live_screen.ts";
import { type Snapshot, type SnapshotView, terminalJson, terminalSafe } from "../lib/shared/mod.ts";
import { sleep } from "../lib/_util/mod.ts";

/** Parsed flags of `status`. */
export interface StatusFlags extends ConnectionFlagValues {
  /** The broker `--url`, `--host` and `--management-url` name. */
  broker: BrokerConnection;
  watch?: number;
  once: boolean;
  json: boolean;
  warnDepth: number;
  criticalDepth: number;
}

/** Seconds between redraws when --watch is not given. */
const DEFAULT_WATCH_SECONDS = 3;

/** Builds the `status` command line. */
export function statusCommand() {
  const program = command("status", "Show queues, consumers and connections in the terminal.");
  addConnectionFlags(program, { host: "management", credentials: true });
  const flags = [
    new Option(
      "--watch <seconds>",
      `redraw every N seconds (default: ${DEFAULT_WATCH_SECONDS} on a terminal; 0 = print once)`,
    ).argParser(integer({ min: 0, max: 3600 })),
    new Option("--once", "print once and exit").default(false),
    new Option("--json", "print the snapshot as JSON and exit").default(false),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup("Output:"));
  return addDepthOptions(program);
}

/**
 * Parses `status` flags: `--host` (a URL or a host name) names the management API, and
 * `--watch 0` means print once, as in the pika tutorials' monitor.
 *
 * @example
 * ```ts
 * parseStatusFlags(["--host", "rabbit.lan", "--watch", "0"]).broker.management.baseUrls; // ["http://rabbit.lan:15672"]
 * parseStatusFlags(["--host", "rabbit.lan:15682"]).broker.amqp[0].port; // 5682
 * ```
 */
export function parseStatusFlags(argv: string[]): StatusFlags {
  const flags = parseFlags<StatusFlags>(statusCommand(), argv);
  return asFlagError(() => {
    flags.broker = resolveConnection(flags, "management");
    if (flags.watch === 0) flags.once = true;
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
  const problem = snapshot.problem ?? "the broker could not be read";
  console.error(`status: ${terminalSafe(problem, { maxLength: Infinity })}`);
  return 1;
}

/**
 * Polls every `seconds` and shows each snapshot full-screen until the person quits (q, Ctrl+C)
 * or SIGTERM comes; the terminal is given back as it was.
 */
async function watchFullScreen(
  poller: { view(view: SnapshotView): Promise<Snapshot> },
  options: { seconds: number; palette: Palette },
): Promise<void> {
  const screen = new LiveScreen(options.palette);
  let stopped = false;
  const quit = screen.quit.then(() => (stopped = true));
  const onSignal = () => screen.end();
  Deno.addSignalListener("SIGTERM", onSignal);
  Deno.addSignalListener("SIGINT", onSignal);
  screen.open();
  const recentPollsMs: number[] = [];
  try {
    while (!stopped) {
      // The page on screen, paged, sorted and filtered by the broker, as the monitor reads it.
      const started = performance.now();
      const snapshot = await poller.view({ queues: "page", query: screen.query() });
      screen.show(snapshot);
      // A broker slow to answer waits longer, as the monitor does: polls take a twentieth of it.
      recentPollsMs.push(performance.now() - started);
      const wait = pollInterval(options.seconds * 1000, recentPollsMs.slice(-POLLS_FOLLOWED));
      await Promise.race([sleep(wait), quit, screen.changed()]);
    }
  } finally {
    Deno.removeSignalListener("SIGTERM", onSignal);
    Deno.removeSignalListener("SIGINT", onSignal);
    screen.close();
  }
}

async function main(): Promise<number> {
  const flags = parseStatusFlags(Deno.args);
  const { broker } = flags;
  const { poller, link } = brokerSnapshots({
    // The refusal names the flags that carried the credentials it used.
    hints: { ...CLI_MANAGEMENT_HINTS, credentials: broker.credentialFlags },
    amqp: broker.amqp,
    managementUrl: broker.management.baseUrls.join(","),
    username: broker.management.username,
    password: broker.management.password,
    intervalMs: (flags.watch || DEFAULT_WATCH_SECONDS) * 1000,
    thresholds: thresholdsOf(flags),
    connectionName: `status ${crypto.randomUUID().slice(0, 8)}`,
  });
  const tty = Deno.stdout.isTerminal();
  const palette = tty && !Deno.env.get("NO_COLOR") ? COLOR : PLAIN;
  try {
    if (flags.json) {
      const snapshot = await poller.poll();
      console.log(terminalJson(snapshot)); // names as \u escapes: valid JSON, safe on a terminal
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
