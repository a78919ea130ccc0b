/**
 * The publishing flag group: how many publishes await their confirm, and how fast and how
 * stubbornly a run publishes.
 */
import { type Command, Option } from "commander";
import { integer } from "./flags.ts";

const HEADING = "Publishing:";

/**
 * Publishes awaiting their confirm at once, for the scripts that publish persistent work
 * (produce, replay). 5,000 measured fastest: 6% above 2,000 for produce (the broker writes and
 * confirms more per batch) and above 10,000 and 20,000, which only hold more memory; replay 8%
 * above 1,000 (BENCHMARKS.md, "The confirm window").
 */
export const DEFAULT_CONFIRM_WINDOW = 5_000;
/**
 * bench's window: it publishes transient messages while its consumers drain them, and measures
 * confirm latency. There 2,000 measured 12% faster than 5,000 with a third of the confirm
 * latency (BENCHMARKS.md): a larger window only queues confirms.
 */
export const BENCH_CONFIRM_WINDOW = 2_000;
/** Most connections `--publishers` opens. */
export const MAX_PUBLISHERS = 64;

/** The publishing flags as commander parsed them. */
export interface PublishFlagValues {
  confirmWindow: number;
  rate: number;
  publishers: number;
  queues: number;
  confirmTimeout: number;
  nackRetries: number;
}

/**
 * Adds `--confirm-window` (its default {@linkcode DEFAULT_CONFIRM_WINDOW} unless a script's
 * measurement says otherwise) and `--rate`, and with `resilience` the flags of a long run:
 * `--publishers`, `--queues`, `--confirm-timeout`, `--nack-retries`.
 *
 * @example
 * ```ts
 * addPublishFlags(command("replay", "…"), { rate: false, resilience: false });
 * ```
 */
export function addPublishFlags(
  program: Command,
  options: { rate: boolean; resilience: boolean; confirmWindow?: number },
): Command {
  const flags = [
    new Option(
      "--confirm-window <n>",
      "most publishes awaiting their confirm at once (per connection)",
    ).argParser(integer({ min: 1, max: 100_000 }))
      .default(options.confirmWindow ?? DEFAULT_CONFIRM_WINDOW),
  ];
  if (options.rate) {
    flags.push(
      new Option("--rate <n>", "messages per second cap, for the whole run (0 = unlimited)")
        .argParser(integer({ min: 0 })).default(0),
    );
  }
  if (options.resilience) {
    flags.push(
      new Option(
        "--publishers <n>",
        "connections publishing at once, one share of --count each (for a broker with cores to spare)",
      ).argParser(integer({ min: 1, max: MAX_PUBLISHERS })).default(1),
      new Option(
        "--queues <n>",
        "spread the run over N work queues, <queue>.1 to <queue>.N, bound with <routing-key>.1 to .N; publisher i publishes into queue i mod N (one queue is one broker process: more queues use more cores) (default: 1, --queue itself)",
      ).argParser(integer({ min: 1, max: MAX_PUBLISHERS })),
      new Option("--confirm-timeout <seconds>", "give up when a confirm takes longer than this")
        .argParser(integer({ min: 1, max: 3600 })).default(30),
      new Option(
        "--nack-retries <n>",
        "publish a nacked message again (on a new channel) up to N times",
      ).argParser(integer({ min: 0, max: 100 })).default(5),
    );
  }
  for (const flag of flags) program.addOption(flag.helpGroup(HEADING));
  return program;
}
