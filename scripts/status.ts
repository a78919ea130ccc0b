/**
 * `deno task status`: the broker at a glance in the terminal, from the same snapshots as the
 * web monitor; redrawn in place every few seconds, or printed once.
 */
import { Option } from "commander";
import { brokerSnapshots } from "../lib/broker_snapshots.ts";
import { parseAmqpUrls } from "../lib/config.ts";
import {
  addDepthOptions,
  amqpUrlOption,
  command,
  integer,
  managementUrlOption,
  parseFlags,
  runCli,
  thresholdsOf,
} from "./cli.ts";
import { COLOR, PLAIN, renderStatus } from "./status_view.ts";

/** Parsed flags of `status`. */
export interface StatusFlags {
  url: string;
  managementUrl: string;
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
  return addDepthOptions(
    command("status", "Show queues, consumers and connections in the terminal.")
      .addOption(
        amqpUrlOption(
          "AMQP URL (user, password, vhost), or a comma-separated list (cluster nodes)",
        ),
      )
      .addOption(managementUrlOption())
      .addOption(
        new Option(
          "--watch <seconds>",
          `redraw every N seconds (default ${DEFAULT_WATCH_SECONDS} on a terminal)`,
        )
          .argParser(integer({ min: 1, max: 3600 })),
      )
      .option("--once", "print once and exit", false)
      .option("--json", "print the snapshot as JSON and exit", false),
  );
}

const encoder = new TextEncoder();
const write = (text: string) => Deno.stdout.writeSync(encoder.encode(text));

async function main(): Promise<number> {
  const flags = parseFlags<StatusFlags>(statusCommand(), Deno.args);
  const { poller, link } = brokerSnapshots({
    amqp: parseAmqpUrls(flags.url),
    managementUrl: flags.managementUrl,
    intervalMs: (flags.watch ?? DEFAULT_WATCH_SECONDS) * 1000,
    thresholds: thresholdsOf(flags),
    connectionName: "status",
  });
  const tty = Deno.stdout.isTerminal();
  const palette = tty && !Deno.env.get("NO_COLOR") ? COLOR : PLAIN;
  try {
    if (flags.json) {
      console.log(JSON.stringify(await poller.poll()));
      return 0;
    }
    const watch = flags.once ? undefined : flags.watch ?? (tty ? DEFAULT_WATCH_SECONDS : undefined);
    if (watch === undefined) {
      console.log(renderStatus(await poller.poll(), palette).join("\n"));
      return 0;
    }
    let stop = false;
    const onSignal = () => (stop = true);
    Deno.addSignalListener("SIGINT", onSignal);
    if (tty) write("\x1b[?25l\x1b[2J"); // hide the cursor, clear once
    try {
      while (!stop) {
        const lines = renderStatus(await poller.poll(), palette);
        // Redraw in place: home, overwrite each line, clear what is left below. No flicker.
        write(
          tty
            ? `\x1b[H${lines.map((l) => `${l}\x1b[K`).join("\n")}\n\x1b[J`
            : `${lines.join("\n")}\n\n`,
        );
        for (let waited = 0; waited < watch * 1000 && !stop; waited += 100) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    } finally {
      Deno.removeSignalListener("SIGINT", onSignal);
      if (tty) write("\x1b[?25h");
    }
    return 0;
  } finally {
    await link.close();
  }
}

if (import.meta.main) runCli("status", main);
