/**
 * `deno task redrive --from Q`: sends the messages of a dead-letter queue back to where each
 * one died (or to `--exchange` and `--routing-key`), each acked in Q only once the broker
 * confirmed its copy; a message with no origin stays.
 */
import { type Command, Option } from "commander";
import { explainBrokerError } from "../lib/amqp/mod.ts";
import { UserError } from "../lib/errors.ts";
import {
  MAX_REDRIVE,
  RedriveInterrupted,
  type RedriveResult,
  RedriveRun,
} from "../lib/queue_actions/mod.ts";
import { terminalJson, terminalSafe } from "../lib/shared/mod.ts";
import { CliLink } from "./_cli/cli_link.ts";
import { CLI_HINTS } from "./_cli/hints.ts";
import { asFlagError, command, parseFlags, runCli } from "./_cli/flags.ts";
import { addPublishFlags } from "./_cli/publish_flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { addOutputFlags } from "./_cli/output_flags.ts";

/** Parsed and checked flags of `redrive`. */
export interface RedriveFlags extends ConnectionFlagValues {
  /** The broker `--url` and `--host` name. */
  broker: BrokerConnection;
  from: string;
  exchange?: string;
  routingKey?: string;
  confirmWindow: number;
  json: boolean;
}

/** Builds the `redrive` command line. */
export function redriveCommand(): Command {
  const program = command(
    "redrive",
    "Send a dead-letter queue's messages back to where each one died, each acked once its copy is confirmed.",
  );
  addConnectionFlags(program, { host: "amqp", timeouts: true });
  const flags = [
    new Option("--from <queue>", "the dead-letter queue (required: no default)"),
    new Option(
      "--exchange <name>",
      "send every message here instead of to its origin ('' for the default exchange) (default: each one's x-first-death-queue)",
    ),
    new Option(
      "--routing-key <key>",
      "with --exchange: the routing key of every message (default: each message's own)",
    ),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup("Redrive:"));
  // Each copy waits for its confirm before its original is acked: a window that fits a DLQ.
  addPublishFlags(program, { rate: false, resilience: false, confirmWindow: 500 });
  return addOutputFlags(program, { progress: false });
}

/**
 * Parses `redrive` flags; throws a `UserError` naming the flag on bad input.
 *
 * @example
 * ```ts
 * parseRedriveFlags(["--from", "orders.dlq"]).from; // "orders.dlq"
 * ```
 */
export function parseRedriveFlags(argv: string[]): RedriveFlags {
  const flags = parseFlags<RedriveFlags>(redriveCommand(), argv);
  return asFlagError(() => {
    flags.broker = resolveConnection(flags);
    if (!flags.from) throw new UserError("--from is required: the dead-letter queue to redrive");
    if (flags.routingKey !== undefined && flags.exchange === undefined) {
      throw new UserError(
        "--routing-key needs --exchange (without both, each message goes back to its origin)",
      );
    }
    if (flags.exchange === "" && !flags.routingKey) {
      throw new UserError(
        "--exchange '' (the default exchange) routes by queue name: give --routing-key QUEUE",
      );
    }
    return flags;
  });
}

/** The summary line: `moved=N skipped=N failed=N from=Q to=queue a:N,… time=S.SSs`. */
export function formatRedriveSummary(from: string, r: RedriveResult): string {
  const to = Object.entries(r.destinations).map(([name, n]) => `${terminalSafe(name)}:${n}`)
    .join(",") || "none";
  return `moved=${r.moved} skipped=${r.skipped} failed=${r.failed} read=${r.read} from=${
    terminalSafe(from)
  } to=${to} time=${r.seconds.toFixed(2)}s`;
}

/** Runs `redrive` with these arguments; returns the exit code (1 when anything stayed). */
export async function redrive(argv: string[]): Promise<number> {
  const flags = parseRedriveFlags(argv);
  const link = new CliLink({
    script: "redrive",
    broker: flags.broker,
    name: `redrive ${flags.from}`,
    resumes: "nothing: run it again to move what is left",
  });
  const conn = await link.connect();
  try {
    let result: RedriveResult;
    try {
      result = await new RedriveRun(conn, {
        from: flags.from,
        exchange: flags.exchange,
        routingKey: flags.routingKey,
        confirmWindow: flags.confirmWindow,
      }).run();
    } catch (error) {
      const why = error instanceof RedriveInterrupted ? error.cause : error;
      const counts = error instanceof RedriveInterrupted
        ? ` after ${error.counts.moved} moved of ${error.counts.read} read`
        : "";
      throw new UserError(
        `redrive from '${terminalSafe(flags.from)}' stopped${counts}: ${
          explainBrokerError(why, { queue: flags.from, hints: CLI_HINTS })
        } Every message not moved is still in '${terminalSafe(flags.from)}'; run it again.`,
        { cause: error },
      );
    }
    console.log(
      flags.json ? terminalJson({ from: flags.from, ...result }) : formatRedriveSummary(
        flags.from,
        result,
      ),
    );
    if (result.skipped > 0) {
      console.error(
        `redrive: ${result.skipped} messages name no origin (no x-first-death-queue or x-death): left in '${
          terminalSafe(flags.from)
        }'; send them on with --exchange`,
      );
    }
    if (result.failed > 0) {
      console.error(
        `redrive: ${result.failed} copies were returned (no queue took them): left in '${
          terminalSafe(flags.from)
        }'`,
      );
    }
    if (result.depth > MAX_REDRIVE) {
      console.error(
        `redrive: '${
          terminalSafe(flags.from)
        }' held ${result.depth} messages; the first ${MAX_REDRIVE} were read (run it again for the rest)`,
      );
    }
    return result.moved === result.read ? 0 : 1;
  } finally {
    await link.close();
  }
}

if (import.meta.main) runCli("redrive", () => redrive(Deno.args));
