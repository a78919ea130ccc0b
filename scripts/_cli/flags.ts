/**
 * What every script shares at its edge: flag parsing with commander (generated --help, one-line
 * errors that name the flag), and turning any failure into one line and an exit code.
 */
import { AMQPError } from "@cloudamqp/amqp-client";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { QUEUE_VERSIONS, type QueueVersion } from "../../lib/amqp/mod.ts";
import { DEFAULT_AMQP_URL, DEFAULT_MANAGEMENT_URL } from "../../lib/config.ts";
import { UserError } from "../../lib/errors.ts";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../lib/shared/mod.ts";
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
        .default(DEFAULT_THRESHOLDS.warn),
    )
    .addOption(
      new Option("--critical-depth <n>", "queue depth shown red").argParser(integer({ min: 1 }))
        .default(DEFAULT_THRESHOLDS.critical),
    );
}

/**
 * Adds `--connect-timeout` and `--reconnect-timeout` (produce and consume).
 *
 * @example
 * ```ts
 * addConnectionTimeouts(command("consume", "…"));
 * ```
 */
export function addConnectionTimeouts(program: Command): Command {
  return program
    .addOption(
      new Option("--connect-timeout <seconds>", "keep retrying an unreachable broker this long")
        .argParser(integer({ min: 0, max: 3600 })).default(30),
    )
    .addOption(
      new Option(
        "--reconnect-timeout <seconds>",
        "after a dropped connection, keep reconnecting this long (then give up)",
      ).argParser(integer({ min: 0, max: 3600 })).default(60),
    );
}

/**
 * `--url` (else AMQP_URL, else the local broker): one AMQP URL, or a comma-separated list of a
 * cluster's nodes.
 *
 * @example
 * ```ts
 * command("produce", "…").addOption(amqpUrlOption());
 * ```
 */
export function amqpUrlOption(
  description = "AMQP URL of the broker, or a comma-separated list (cluster nodes)",
): Option {
  return new Option("--url <urls>", description).env("AMQP_URL").default(DEFAULT_AMQP_URL);
}

/**
 * `--delivery-limit <n>`: quorum queues' `x-delivery-limit`, deliveries of one message before
 * it is dead-lettered (or dropped). The broker's default differs by version, so `--help` says
 * both.
 *
 * @example
 * ```ts
 * command("produce", "…").addOption(deliveryLimitOption());
 * ```
 */
export function deliveryLimitOption(): Option {
  return new Option(
    "--delivery-limit <n>",
    "quorum queues: deliveries of a message before it is dead-lettered or dropped (x-delivery-limit; default: the broker's, 20 on RabbitMQ 4.x, unlimited on 3.x)",
  ).argParser(integer({ min: 1, max: 2 ** 31 - 1 }));
}

/**
 * `--transient-queues`: declare the queues a run creates non-durable. Queues are durable by
 * default: RabbitMQ 4.x deprecates non-durable, non-exclusive queues (`transient_nonexcl_queues`)
 * and a broker that denies the feature refuses to declare one.
 *
 * @example
 * ```ts
 * command("produce", "…").addOption(transientQueuesOption());
 * ```
 */
export function transientQueuesOption(): Option {
  return new Option(
    "--transient-queues",
    "declare the queues this run creates non-durable (deprecated in RabbitMQ 4.x: transient_nonexcl_queues; queues are durable by default)",
  ).default(false);
}

/**
 * `--queue-version <1|2>`: the storage format of classic queues the run creates
 * (`x-queue-version`); parsed to a number.
 *
 * @example
 * ```ts
 * command("produce", "…").addOption(queueVersionOption());
 * ```
 */
export function queueVersionOption(): Option {
  return new Option(
    "--queue-version <version>",
    "classic queues' storage format (x-queue-version, RabbitMQ 3.10+; 2 is faster for persistent messages)",
  ).argParser((value) => {
    if (!(QUEUE_VERSIONS as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`Allowed choices are ${QUEUE_VERSIONS.join(", ")}.`);
    }
    return Number(value) as QueueVersion;
  });
}

/**
 * `--management-url` (else MANAGEMENT_URL, else the local broker's): one management API base
 * URL, or a comma-separated list, one per cluster node.
 *
 * @example
 * ```ts
 * command("status", "…").addOption(managementUrlOption());
 * ```
 */
export function managementUrlOption(): Option {
  return new Option(
    "--management-url <urls>",
    "management API base URL, or a comma-separated list (one per cluster node)",
  ).env("MANAGEMENT_URL").default(DEFAULT_MANAGEMENT_URL);
}

/**
 * `--host NAME`, the pika tutorials' flag: the broker's host name, put into `--url` (which keeps
 * its user, password, port and vhost).
 */
export function hostOption(): Option {
  return new Option(
    "--host <name>",
    "broker host name, as in the pika tutorials: replaces the host of --url",
  );
}

/**
 * `--url` with the host of `--host` when one was given.
 *
 * @example
 * ```ts
 * urlWithHost("amqp://guest:guest@localhost:5672", "rabbit.lan"); // "amqp://guest:guest@rabbit.lan:5672"
 * ```
 */
export function urlWithHost(url: string, host: string | undefined): string {
  if (host === undefined) return url;
  const { hostname, port } = hostAndPort(host);
  return url.split(",").map((one) => {
    const u = new URL(one.trim());
    u.hostname = hostname;
    if (port !== undefined) u.port = String(port);
    return u.href.replace(/\/$/, "");
  }).join(",");
}

/**
 * Reads a `--host` value: `host`, `host:port` or `[v6]:port` (the port kept where given).
 *
 * @example
 * ```ts
 * hostAndPort("127.0.0.1:5699"); // { hostname: "127.0.0.1", port: 5699 }
 * hostAndPort("[::1]"); // { hostname: "[::1]", port: undefined }
 * ```
 */
export function hostAndPort(host: string): { hostname: string; port?: number } {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+)(?::(\d{1,5}))?$/.exec(host);
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match || (port !== undefined && (port < 1 || port > 65_535))) {
    throw new UserError(
      `--host takes a host name, host:port or [v6]:port, such as localhost:5672 (got '${host}'); give a whole URL with --url`,
      { exitCode: 2 },
    );
  }
  return { hostname: match[1], port };
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
      console.error(`${name}: ${error.message}`);
      code = error.exitCode;
    } else if (
      error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied
    ) {
      console.error(
        `${name}: not permitted: ${
          messageOf(error)
        }. Run it with deno task ${name}, which grants ` +
          "what it needs, or add the --allow-* flag named here",
      );
      code = 1;
    } else {
      console.error(`${name}: unexpected error: ${messageOf(error)}`);
      if (mayRead("DEBUG") && Deno.env.get("DEBUG")) console.error(error);
      code = 1;
    }
  }
  Deno.exit(code);
}

/** Whether the environment variable may be read without a permission error. */
function mayRead(variable: string): boolean {
  return Deno.permissions.querySync({ name: "env", variable }).state === "granted";
}
