/**
 * What every script shares at its edge: flag parsing with commander (generated --help, one-line
 * errors that name the flag), and turning any failure into one line and an exit code.
 */
import { AMQPError } from "@cloudamqp/amqp-client";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { UserError } from "../../lib/errors.ts";
import { DEFAULT_THRESHOLDS, terminalSafe, type Thresholds } from "../../lib/shared/mod.ts";
import { messageOf } from "../../lib/_util/mod.ts";

/** Thrown by {@linkcode parseFlags} when --help was asked for; holds the help text. */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super("help requested");
  }
}

/**
 * A commander parser for a whole number within bounds, for `Option.argParser`.
 *
 * @example
 * ```ts
 * integer({ min: 1 })("10000"); // 10000
 * integer({ min: 1 })("-5"); // throws: must be a whole number of 1 or more
 * ```
 */
export function integer(bounds: { min: number; max?: number }): (value: string) => number {
  const { min, max = Number.MAX_SAFE_INTEGER } = bounds;
  const accepted = max === Number.MAX_SAFE_INTEGER
    ? `a whole number of ${min} or more`
    : `a whole number from ${min} to ${max}`;
  return (value: string) => {
    const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected ${accepted}.`);
    }
    return n;
  };
}

/**
 * A commander parser for a decimal number within bounds.
 *
 * @example
 * ```ts
 * decimal({ min: 0, max: 1 })("0.25"); // 0.25
 * ```
 */
export function decimal(bounds: { min: number; max: number }): (value: string) => number {
  return (value: string) => {
    const n = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(n) || n < bounds.min || n > bounds.max) {
      throw new InvalidArgumentError(`Expected a number from ${bounds.min} to ${bounds.max}.`);
    }
    return n;
  };
}

/**
 * A commander parser for a repeatable `name=value` flag, collecting every use into one object.
 *
 * @example
 * ```ts
 * new Option("--header <name=value>", "a header").argParser(keyValue);
 * keyValue("region=eu", { tier: "gold" }); // { tier: "gold", region: "eu" }
 * ```
 */
export function keyValue(
  value: string,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  const at = value.indexOf("=");
  if (at < 1) throw new InvalidArgumentError("Expected name=value, such as region=eu.");
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/**
 * Parses `argv` with `program`, never printing and never exiting: errors come back as a
 * {@linkcode UserError} with commander's one-line message, --help as {@linkcode HelpRequested}.
 *
 * @example
 * ```ts
 * const opts = parseFlags<{ count: number }>(program, ["--count", "5"]);
 * ```
 */
export function parseFlags<T>(program: Command, argv: string[]): T {
  let help = "";
  program
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (text) => (help += text),
      writeErr: (text) => (help += text),
      outputError: () => {},
    });
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) throw new HelpRequested(help || program.helpInformation());
      // One line: commander puts its "(Did you mean --count?)" on a line of its own.
      const message = error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
      throw new UserError(`${message} (see --help)`, { exitCode: 2, cause: error });
    }
    // A flag's own parser refused its value: a flag error like commander's.
    if (error instanceof UserError) {
      throw new UserError(error.message, { exitCode: 2, cause: error });
    }
    throw error;
  }
  return program.opts() as T;
}

/** Adds the `--warn-depth` and `--critical-depth` flags (monitor and status view). */
export function addDepthOptions(program: Command): Command {
  return program
    .addOption(
      new Option("--warn-depth <n>", "queue depth shown yellow").argParser(integer({ min: 1 }))
        .default(DEFAULT_THRESHOLDS.warn).helpGroup("Thresholds:"),
    )
    .addOption(
      new Option("--critical-depth <n>", "queue depth shown red").argParser(integer({ min: 1 }))
        .default(DEFAULT_THRESHOLDS.critical).helpGroup("Thresholds:"),
    );
}

/**
 * Runs a script's flag checks so that any refusal is a flag error (exit code 2), like the ones
 * commander reports.
 *
 * @example
 * ```ts
 * const flags = asFlagError(() => parseProduceFlags(argv));
 * ```
 */
export function asFlagError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof UserError && error.exitCode !== 2) {
      throw new UserError(error.message, { exitCode: 2, cause: error });
    }
    throw error;
  }
}

/** Thresholds from the depth flags; red must start above yellow. */
export function thresholdsOf(flags: { warnDepth: number; criticalDepth: number }): Thresholds {
  if (flags.criticalDepth <= flags.warnDepth) {
    throw new UserError("--critical-depth must be greater than --warn-depth");
  }
  return { warn: flags.warnDepth, critical: flags.criticalDepth };
}

/** Creates a command with the settings every script uses. */
export function command(name: string, description: string): Command {
  return new Command(name).description(description).helpOption("-h, --help", "show this help");
}

/**
 * Runs a script's main function and exits with its code. A {@linkcode UserError} prints as one
 * line; any other error too (with its stack only when DEBUG is set), never a raw trace.
 */
export async function runCli(name: string, main: () => Promise<number>): Promise<never> {
  // amqp-client creates a publish's confirm promise before the frames are written; when the
  // broker closes the channel during a long write, that promise rejects before anything awaits
  // it. The same error still reaches the publish's own promise, so it is reported there.
  globalThis.addEventListener("unhandledrejection", (event) => {
    if (event.reason instanceof AMQPError) event.preventDefault();
  });
  let code: number;
  try {
    code = await main();
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(error.text.trimEnd());
      code = 0;
    } else if (error instanceof UserError) {
      console.error(`${name}: ${safeLines(error.message)}`);
      code = error.exitCode;
    } else if (
      error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
    ) {
      console.error(
        `${name}: not permitted: ${
          safeLines(messageOf(error))
        }. Run it with deno task ${name}, which grants ` +
          "what it needs, or add the --allow-* flag named here",
      );
      code = 1;
    } else {
      console.error(`${name}: unexpected error: ${safeLines(messageOf(error))}`);
      if (mayRead("DEBUG") && Deno.env.get("DEBUG")) console.error(error);
      code = 1;
    }
  }
  Deno.exit(code);
}

/**
 * An error's text as it may reach the terminal: a message may quote a name or a broker's text
 * that someone else chose, so each line is made safe (its own line breaks kept).
 */
function safeLines(text: string): string {
  return text.split("\n").map((line) => terminalSafe(line, { maxLength: Infinity })).join("\n");
}

/** Whether the environment variable may be read without a permission error. */
function mayRead(variable: string): boolean {
  return Deno.permissions.querySync({ name: "env", variable }).state === "granted";
}
