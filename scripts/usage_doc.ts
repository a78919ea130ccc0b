/**
 * `deno task docs`: writes the flag reference, docs/usage.md, from the scripts' own command
 * lines, so it says exactly what `--help` says. A test fails when the file is out of date.
 */
import { type Command, Option } from "commander";
import { UserError } from "../lib/errors.ts";
import { command, parseFlags, runCli } from "./_cli/flags.ts";
import { benchCommand } from "./bench.ts";
import { compareCommand } from "./bench_compare.ts";
import { cleanupCommand } from "./cleanup.ts";
import { clusterCommand } from "./cluster.ts";
import { compileCommand } from "./compile.ts";
import { consumeCommand } from "./consume.ts";
import { drillCommand } from "./drill.ts";
import { monitorCommand } from "./monitor.ts";
import { produceCommand } from "./produce.ts";
import { replayCommand } from "./replay.ts";
import { redriveCommand } from "./redrive.ts";
import { startCommand } from "./start.ts";
import { statusCommand } from "./status.ts";

/** Builds the `docs` command line. */
export function docsCommand(): Command {
  return command("docs", `Write the flag reference, ${USAGE_DOC}, from the tasks' --help.`)
    .addOption(
      new Option("--check", `only check that ${USAGE_DOC} is up to date (exit 1 if not)`)
        .default(false),
    );
}

/** Every task that takes flags, in the order the reference lists them. */
export const TASK_COMMANDS: Record<string, () => Command> = {
  start: startCommand,
  produce: produceCommand,
  consume: consumeCommand,
  monitor: monitorCommand,
  status: statusCommand,
  bench: benchCommand,
  "bench:compare": compareCommand,
  drill: drillCommand,
  replay: replayCommand,
  redrive: redriveCommand,
  cleanup: cleanupCommand,
  cluster: clusterCommand,
  compile: compileCommand,
  docs: docsCommand,
};

/** Where the reference lives, from the repository's root. */
export const USAGE_DOC = "docs/usage.md";
/** The reference's opening, wrapped as `deno fmt` wraps Markdown. */
const INTRO =
  `Every task's \`--help\`, written by \`deno task docs\` from the same definitions the scripts parse with
(a test fails when this file is out of date). Flags shared by several tasks are defined once, in
\`scripts/_cli/\`: the connection flags (\`--url\`, \`--host\`, \`--management-url\`), the topology flags
that produce and consume both take, the publishing, delivery and output flags. Every flag that takes
a value says its default.

The management API is found by one rule unless \`--management-url\` (or \`MANAGEMENT_URL\`) names it:
the host of \`--url\`, on the AMQP port + 10000 (5672 -> 15672, 5682 -> 15682, \`amqps\` on 5671 ->
https on 15671).`;

/** The width `--help` is wrapped to in the reference (a terminal's is its own). */
const WIDTH = 100;

/**
 * A task's `--help`, as the reference shows it.
 *
 * @example
 * ```ts
 * helpOf(produceCommand()); // "Usage: produce [options]\n\nPublish messages …"
 * ```
 */
export function helpOf(program: Command): string {
  return program.configureHelp({ helpWidth: WIDTH }).helpInformation().trimEnd();
}

/**
 * The whole reference: one section per task, each its `--help`.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("docs/usage.md", usageReference());
 * ```
 */
export function usageReference(): string {
  const sections = Object.entries(TASK_COMMANDS).map(([task, build]) =>
    `## deno task ${task}\n\n\`\`\`text\n${helpOf(build())}\n\`\`\`\n`
  );
  return [
    "# Flag reference",
    "",
    INTRO,
    "",
    ...sections,
  ].join("\n");
}

async function main(): Promise<number> {
  const flags = parseFlags<{ check: boolean }>(docsCommand(), Deno.args);
  const path = new URL(`../${USAGE_DOC}`, import.meta.url);
  const wanted = usageReference();
  if (flags.check) {
    const written = await Deno.readTextFile(path).catch(() => "");
    if (written !== wanted) throw new UserError(`${USAGE_DOC} is out of date: run deno task docs`);
    console.log(`docs: ${USAGE_DOC} is up to date`);
    return 0;
  }
  await Deno.writeTextFile(path, wanted);
  console.log(`docs: wrote ${USAGE_DOC}`);
  return 0;
}

if (import.meta.main) runCli("docs", main);
