/**
 * `deno task compile`: single-file executables of the scripts with `deno compile`, the
 * monitor's island bundle and stylesheet embedded, so `dist/monitor` serves the full UI from
 * any directory. `deno compile` needs Deno's `denort` runtime: it downloads it, or takes the
 * file named by DENORT_BIN.
 */
import { Option } from "commander";
import { run } from "../lib/local_broker/mod.ts";
import { env } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import {
  buildClientBundle,
  libraryCss,
  OWN_STYLESHEET,
  PREBUILT_BUNDLE,
  PREBUILT_LIBRARY_CSS,
} from "../lib/web/mod.ts";
import { command, parseFlags, runCli } from "./_cli/flags.ts";

/** The scripts that become executables. */
export const COMPILED_SCRIPTS = ["produce", "consume", "monitor", "bench", "status"] as const;

/** Parsed flags of `compile`. */
export interface CompileFlags {
  out: string;
  only?: string[];
}

/** Builds the `compile` command line. */
export function compileCommand() {
  return command(
    "compile",
    "Build single-file executables (dist/produce, dist/consume, dist/monitor, dist/bench, dist/status).",
  )
    .option("--out <dir>", "where the executables go", "dist")
    .addOption(
      new Option("--only <scripts...>", "build only these (default: all of them)").choices([
        ...COMPILED_SCRIPTS,
      ]),
    );
}

const ROOT = new URL("../", import.meta.url);

/**
 * The one-line explanation of a failed `deno compile`, from what it printed: a runtime that
 * could not be downloaded points to DENORT_BIN.
 *
 * @example
 * ```ts
 * explainCompileFailure("error sending request for url (https://dl.deno.land/...denort...)");
 * ```
 */
export function explainCompileFailure(output: string): string {
  const denort = output.match(/https:\/\/dl\.deno\.land\/\S*denort[^\s)]*/)?.[0];
  if (denort) {
    return `deno compile could not download its runtime (${denort}); ` +
      `get that zip where the download works, unzip it, and run: DENORT_BIN=/path/to/denort deno task compile`;
  }
  const first = output.split("\n").map((line) => line.trim()).find((line) => /error/i.test(line));
  return `deno compile failed: ${first ?? output.trim().split("\n")[0] ?? "no output"}`;
}

/** Fails early when DENORT_BIN names no file, or names the deno CLI instead of denort. */
async function checkDenortBin(): Promise<void> {
  const path = env("DENORT_BIN");
  if (!path) return;
  const stat = await Deno.stat(path).catch(() => undefined);
  if (!stat?.isFile) throw new UserError(`DENORT_BIN=${path} is not a file; point it at denort`);
  // The deno CLI answers --version as "deno 2.x"; a compiled program built on it would just
  // start Deno's REPL.
  const version = await run(path, ["--version"]);
  if (version?.output.startsWith("deno ")) {
    throw new UserError(
      `DENORT_BIN=${path} is the deno CLI, not denort (Deno's runtime for compiled programs, ` +
        `denort-<target>.zip on dl.deno.land)`,
    );
  }
}

/** Runs `compile` with these arguments; returns the exit code. */
export async function compile(argv: string[]): Promise<number> {
  const flags = parseFlags<CompileFlags>(compileCommand(), argv);
  await checkDenortBin();
  const { js } = await buildClientBundle();
  await Deno.mkdir(new URL(".", PREBUILT_BUNDLE), { recursive: true });
  await Deno.writeTextFile(PREBUILT_BUNDLE, js);
  await Deno.writeTextFile(PREBUILT_LIBRARY_CSS, await libraryCss());
  const out = flags.out;
  await Deno.mkdir(out, { recursive: true });
  for (const name of flags.only ?? COMPILED_SCRIPTS) {
    const output = `${out}/${name}`;
    const args = [
      "compile",
      "--allow-all",
      "--quiet",
      // Embed only the npm packages the script reaches (no esbuild, no playwright).
      "--node-modules-dir=none",
      "--exclude-unused-npm",
      ...(name === "monitor"
        ? [
          "--include",
          OWN_STYLESHEET.pathname,
          "--include",
          PREBUILT_LIBRARY_CSS.pathname,
          "--include",
          PREBUILT_BUNDLE.pathname,
        ]
        : []),
      "--output",
      output,
      new URL(`scripts/${name}.ts`, ROOT).pathname,
    ];
    const result = await run(Deno.execPath(), args);
    if (!result?.success) throw new UserError(explainCompileFailure(result?.output ?? ""));
    const { size } = await Deno.stat(output);
    console.log(`compile: ${output} (${(size / 1024 / 1024).toFixed(1)} MB)`);
  }
  return 0;
}

if (import.meta.main) runCli("compile", () => compile(Deno.args));
