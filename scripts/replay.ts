/**
 * `deno task replay`: publishes copies of the messages in a queue (the audit queue, say) to an
 * exchange again, with confirms, and leaves the queue as it was.
 */
import { type Command, Option } from "commander";
import { explainBrokerError, inspectQueue } from "../lib/amqp/mod.ts";
import { TOPOLOGY_DEFAULTS } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import {
  describeStreamOffset,
  MAX_QUEUE_REPLAY,
  parseStreamOffset,
  REPLAYED_FROM_HEADER,
  type ReplayResult,
  ReplayRun,
  type StreamOffset,
} from "../lib/messaging/mod.ts";
import { askManagement } from "../lib/management/mod.ts";
import { terminalJson, terminalSafe } from "../lib/shared/mod.ts";
import { CliLink } from "./_cli/cli_link.ts";
import { CLI_HINTS } from "./_cli/hints.ts";
import { asFlagError, command, integer, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { addPublishFlags } from "./_cli/publish_flags.ts";
import { addOutputFlags } from "./_cli/output_flags.ts";

/** Parsed and checked flags of `replay`. */
export interface ReplayFlags extends ConnectionFlagValues {
  /** The broker `--url`, `--host` and `--management-url` name. */
  broker: BrokerConnection;
  from: string;
  exchange: string;
  routingKey?: string;
  count?: number;
  offset?: StreamOffset;
  confirmWindow: number;
  json: boolean;
}

/** Builds the `replay` command line. */
export function replayCommand(): Command {
  const program = command(
    "replay",
    `Publish copies of a queue's messages again (with ${REPLAYED_FROM_HEADER}), leaving the queue as it was.`,
  );
  addConnectionFlags(program, { host: "amqp", timeouts: true });
  const flags = [
    new Option("--from <queue>", "the queue to copy from").default(TOPOLOGY_DEFAULTS.auditQueue),
    new Option(
      "--exchange <name>",
      "where the copies go ('' for the default exchange) (required: no default)",
    ),
    new Option(
      "--routing-key <key>",
      "routing key of every copy (default: each message's own; with --exchange '': the queue to fill)",
    ),
    new Option(
      "--count <n>",
      `copy the first N (default: all; a classic or quorum queue: at most ${MAX_QUEUE_REPLAY})`,
    ).argParser(integer({ min: 1 })),
    new Option(
      "--offset <where>",
      "the source is a stream: read from first, last, next, an offset or an ISO timestamp (default: first)",
    ).argParser((value) => parseStreamOffset(value, "--offset")),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup("Replay:"));
  addPublishFlags(program, { rate: false, resilience: false });
  return addOutputFlags(program, { progress: false });
}

/**
 * Parses `replay` flags; throws a `UserError` naming the flag on bad input.
 *
 * @example
 * ```ts
 * parseReplayFlags(["--exchange", "", "--routing-key", "work.queue"]).from; // "audit.queue"
 * ```
 */
export function parseReplayFlags(argv: string[]): ReplayFlags {
  const flags = parseFlags<ReplayFlags>(replayCommand(), argv);
  return asFlagError(() => {
    flags.broker = resolveConnection(flags);
    if (!flags.from) throw new UserError("--from must name a queue");
    if (flags.exchange === undefined) {
      throw new UserError(
        "--exchange is required: where the copies go ('' for the default exchange)",
      );
    }
    if (flags.exchange === "" && !flags.routingKey) {
      throw new UserError(
        "--exchange '' (the default exchange) routes by queue name: give --routing-key QUEUE",
      );
    }
    if (flags.offset === undefined && flags.count !== undefined && flags.count > MAX_QUEUE_REPLAY) {
      throw new UserError(
        `--count ${flags.count}: a classic or quorum queue lends at most ${MAX_QUEUE_REPLAY} messages at once; replay in parts, or keep the audit copy in a stream (produce --audit-queue-type stream)`,
      );
    }
    return flags;
  });
}

/** Summary of a replay, as printed (`--json` prints exactly this object). */
export interface ReplaySummary {
  from: string;
  exchange: string;
  read: number;
  confirmed: number;
  returned: number;
  seconds: number;
  /** Messages left in a classic or quorum source after the run (as many as before). */
  source_depth: number | null;
}

/** The summary line: `replayed=N confirmed=N returned=N from=Q exchange=X time=S.SSs`. */
export function formatReplaySummary(s: ReplaySummary): string {
  return `replayed=${s.read} confirmed=${s.confirmed} returned=${s.returned} from=${
    terminalSafe(s.from)
  } ` +
    `exchange=${s.exchange === "" ? "''" : terminalSafe(s.exchange)} time=${
      s.seconds.toFixed(2)
    }s` +
    (s.source_depth === null ? "" : ` source_depth=${s.source_depth}`);
}

/** Runs `replay` with these arguments; returns the exit code. */
export async function replay(argv: string[]): Promise<number> {
  const flags = parseReplayFlags(argv);
  const offset = flags.offset ?? await streamOffsetOf(flags);
  const link = new CliLink({
    script: "replay",
    broker: flags.broker,
    name: `replay ${flags.from}`,
    resumes: "nothing: a replay is not resumed",
  });
  const conn = await link.connect();
  try {
    if (offset !== undefined) {
      console.error(
        `replay: reading stream '${terminalSafe(flags.from)}' from ${describeStreamOffset(offset)}`,
      );
    }
    let result: ReplayResult;
    try {
      result = await new ReplayRun(conn, {
        from: flags.from,
        exchange: flags.exchange,
        routingKey: flags.routingKey,
        count: flags.count,
        streamOffset: offset,
        confirmWindow: flags.confirmWindow,
      }).run();
    } catch (error) {
      throw new UserError(
        `replay from '${terminalSafe(flags.from)}' stopped: ${
          explainBrokerError(error, {
            queue: flags.from,
            exchange: flags.exchange,
            hints: CLI_HINTS,
          })
        } Every message of '${terminalSafe(flags.from)}' is still there.`,
        { cause: error },
      );
    }
    return await report(link, flags, result);
  } finally {
    await link.close();
  }
}

/** A stream source is read from its first message unless --offset says otherwise. */
async function streamOffsetOf(flags: ReplayFlags): Promise<StreamOffset | undefined> {
  const info = await askManagement(flags.broker.management, (api) => api.queue(flags.from));
  return info?.type === "stream" ? "first" : undefined;
}

/** Prints the summary; exit 1 when a copy was not confirmed or no queue took it. */
async function report(link: CliLink, flags: ReplayFlags, result: ReplayResult): Promise<number> {
  const after = result.depth === undefined
    ? undefined
    : (await link.retry((conn) => inspectQueue(conn, flags.from, CLI_HINTS)))?.messageCount;
  const summary: ReplaySummary = {
    from: flags.from,
    exchange: flags.exchange,
    read: result.read,
    confirmed: result.confirmed,
    returned: result.returned,
    seconds: Number(result.seconds.toFixed(3)),
    source_depth: after ?? null,
  };
  console.log(flags.json ? terminalJson(summary) : formatReplaySummary(summary));
  if (result.returned > 0) {
    console.error(
      `replay: ${result.returned} copies were returned: no queue is bound to '${
        terminalSafe(flags.exchange)
      }' for their routing key`,
    );
    return 1;
  }
  if (result.depth !== undefined && result.depth > MAX_QUEUE_REPLAY && flags.count === undefined) {
    console.error(
      `replay: '${
        terminalSafe(flags.from)
      }' holds ${result.depth} messages; the first ${MAX_QUEUE_REPLAY} were replayed (a queue lends no more at once)`,
    );
  }
  return result.confirmed === result.read ? 0 : 1;
}

if (import.meta.main) runCli("replay", () => replay(Deno.args));
