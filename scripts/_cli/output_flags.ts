/**
 * The output flag group: how a run reports while it runs and when it ends.
 */
import { type Command, Option } from "commander";
import { integer } from "./flags.ts";

const HEADING = "Output:";

/** The output flags as commander parsed them. */
export interface OutputFlagValues {
  json: boolean;
  progressEvery: number;
}

/**
 * Adds `--json`, and `--progress-every` for scripts that report progress.
 *
 * @example
 * ```ts
 * addOutputFlags(command("produce", "…"), { progress: true });
 * ```
 */
export function addOutputFlags(program: Command, options: { progress: boolean }): Command {
  if (options.progress) {
    program.addOption(
      new Option(
        "--progress-every <n>",
        "a progress line every N messages when stderr is not a terminal (a live line when it is)",
      ).argParser(integer({ min: 1 })).default(10_000).helpGroup(HEADING),
    );
  }
  return program.addOption(
    new Option("--json", "print one JSON object instead of the summary").default(false)
      .helpGroup(HEADING),
  );
}
