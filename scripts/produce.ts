/**
 * `deno task produce`: declares the topology and publishes N messages with publisher confirms.
 */
import type { AMQPClient } from "@cloudamqp/amqp-client";
import { type Command, Option } from "commander";
import os from "node:os";
import {
  auditQueueShape,
  checkQueueShape,
  declareTopology,
  EXCHANGE_TYPES,
  type ExchangeType,
  type HeaderMatch,
  inspectQueue,
  MAX_PRIORITY,
  MAX_TTL_MS,
  PUBLISHER_FRAME_MAX,
  purgeQueues,
  QUEUE_TYPES,
  queueDifferences,
  type QueueType,
  type QueueVersion,
  type Topology,
} from "../lib/amqp/mod.ts";
import { parseAmqpUrls, TOPOLOGY_DEFAULTS } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import {
  EnvelopeTemplate,
  MAX_SEQ,
  newRunId,
  type ParallelPublishResult,
  publishInParallel,
  type PublishResult,
} from "../lib/messaging/mod.ts";
import { askManagement } from "../lib/monitor/mod.ts";
import { formatInteger } from "../lib/shared/mod.ts";
import { CliLink } from "./_cli/cli_link.ts";
import { CLI_HINTS, flagChange, SHAPE_FLAGS } from "./_cli/hints.ts";
import {
  addConnectionTimeouts,
  amqpUrlOption,
  asFlagError,
  command,
  deliveryLimitOption,
  hostOption,
  integer,
  keyValue,
  parseFlags,
  queueVersionOption,
  runCli,
  transientQueuesOption,
  urlWithHost,
} from "./_cli/flags.ts";
import { ProgressReporter } from "./_cli/progress.ts";

/** Header names the envelope sets; `--header` may not replace them. */
const ENVELOPE_HEADERS = ["producer_id", "host"];

/** The largest --size accepted before asking the broker (its own limit is usually 128 MiB). */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;
/** Most connections `--publishers` opens. */
const MAX_PUBLISHERS = 64;

/** Parsed and checked flags of `produce`. */
export interface ProduceFlags {
  host?: string;
  url: string;
  exchange: string;
  exchangeType: ExchangeType;
  routingKey: string;
  bindingKey?: string;
  bindHeader?: Record<string, string>;
  match?: HeaderMatch;
  header?: Record<string, string>;
  deadLetter: boolean;
  messageTtl?: number;
  expiration?: number;
  queue: string;
  auditQueue: string;
  auditQueueType?: QueueType;
  count: number;
  durable: boolean;
  transientQueues: boolean;
  lazy: boolean;
  queueType: QueueType;
  queueVersion?: QueueVersion;
  deliveryLimit?: number;
  purge: boolean;
  progressEvery: number;
  producerId: string;
  text: string;
  size?: number;
  confirmWindow: number;
  publishers: number;
  rate: number;
  priority?: number;
  json: boolean;
  connectTimeout: number;
  reconnectTimeout: number;
  confirmTimeout: number;
  nackRetries: number;
}

/** Builds the `produce` command line (flags, defaults, environment variables, help). */
export function produceCommand(): Command {
  const program = command(
    "produce",
    "Publish messages with publisher confirms into a work queue and an audit queue.",
  )
    .addOption(amqpUrlOption())
    .addOption(hostOption());
  addTopologyOptions(program);
  addRoutingOptions(program);
  addMessageOptions(program);
  addPublishOptions(program);
  return addConnectionTimeouts(program)
    .addOption(
      new Option("--confirm-timeout <seconds>", "give up when a confirm takes longer than this")
        .argParser(integer({ min: 1, max: 3600 })).default(30),
    )
    .addOption(
      new Option(
        "--nack-retries <n>",
        "publish a nacked message again (on a new channel) up to N times",
      ).argParser(integer({ min: 0, max: 100 })).default(5),
    );
}

/** Where messages go: the exchange, its queues and their shape. */
function addTopologyOptions(program: Command): Command {
  return program
    .option(
      "--exchange <name>",
      "exchange to publish to ('' for the default exchange: routing key = --queue, no audit copy)",
      TOPOLOGY_DEFAULTS.exchange,
    )
    .addOption(
      new Option("--exchange-type <type>", "type of the exchange").choices(EXCHANGE_TYPES)
        .default("direct"),
    )
    .option("--queue <name>", "work queue", TOPOLOGY_DEFAULTS.queue)
    .option(
      "--audit-queue <name>",
      "audit queue that gets a copy of every message ('' for none)",
      TOPOLOGY_DEFAULTS.auditQueue,
    )
    .addOption(
      new Option(
        "--audit-queue-type <type>",
        "type of the audit queue (stream: kept for replays from any point; default: --queue-type)",
      ).choices(QUEUE_TYPES),
    )
    .option(
      "--durable",
      "persistent messages (delivery_mode 2), kept across a broker restart (queues are durable either way)",
      false,
    )
    .addOption(transientQueuesOption())
    .option("--lazy", "lazy classic queues (x-queue-mode=lazy): messages go to disk early", false)
    .addOption(
      new Option(
        "--queue-type <type>",
        "type of the queues (quorum and stream keep every message on disk)",
      )
        .choices(QUEUE_TYPES).default("classic"),
    )
    .addOption(queueVersionOption())
    .addOption(deliveryLimitOption())
    .option("--purge", "empty the work and audit queues before publishing", false)
    .option(
      "--dead-letter",
      "the work queue dead-letters (x-dead-letter-exchange) to <queue>.dlx -> <queue>.dlq",
      false,
    )
    .addOption(
      new Option("--message-ttl <ms>", "the work queue expires messages older than this")
        .argParser(integer({ min: 0, max: MAX_TTL_MS })),
    );
}

/** How messages find their queues: keys, topic patterns, headers. */
function addRoutingOptions(program: Command): Command {
  return program
    .option(
      "--routing-key <key>",
      "routing key of every message (and of both bindings unless --binding-key is given)",
      TOPOLOGY_DEFAULTS.routingKey,
    )
    .option(
      "--binding-key <key>",
      "key or topic pattern (logs.*, logs.#) both queues are bound with (default: --routing-key)",
    )
    .addOption(
      new Option(
        "--bind-header <name=value>",
        "headers exchange: bind both queues to messages with this header (repeatable)",
      ).argParser(keyValue),
    )
    .addOption(
      new Option("--match <how>", "headers exchange: a message matches all --bind-header or any")
        .choices(["all", "any"]),
    )
    .addOption(
      new Option("--header <name=value>", "a header on every message (repeatable)")
        .argParser(keyValue),
    );
}

/** What each message is: how many, its body, its producer id and priority. */
function addMessageOptions(program: Command): Command {
  return program
    .addOption(
      // A message id holds sequence numbers up to MAX_SEQ.
      new Option("--count <n>", "messages to publish").argParser(integer({ min: 1, max: MAX_SEQ }))
        .default(10_000),
    )
    .addOption(
      new Option("--producer-id <id>", "producer_id header (default: the OS user)")
        .env("PRODUCER_ID"),
    )
    .option("--text <text>", "message body", "Hello World")
    .addOption(
      new Option("--size <bytes>", "message body of this many bytes instead of --text")
        .argParser(integer({ min: 0, max: MAX_BODY_BYTES })).conflicts("text"),
    )
    .addOption(
      new Option(
        "--priority <n>",
        `message priority; declares priority queues (x-max-priority ${MAX_PRIORITY})`,
      ).argParser(integer({ min: 0, max: MAX_PRIORITY })),
    )
    .addOption(
      new Option("--expiration <ms>", "each message expires after this long in a queue")
        .argParser(integer({ min: 0, max: MAX_TTL_MS })),
    );
}

/** How publishing goes and is reported: confirm window, rate, progress, JSON. */
function addPublishOptions(program: Command): Command {
  return program
    .addOption(
      new Option("--confirm-window <n>", "most messages awaiting their confirm at once")
        .argParser(integer({ min: 1, max: 100_000 })).default(5_000),
    )
    .addOption(
      new Option(
        "--publishers <n>",
        "connections publishing at once, one share of --count each (for a broker with cores to spare)",
      ).argParser(integer({ min: 1, max: MAX_PUBLISHERS })).default(1),
    )
    .addOption(
      new Option("--rate <n>", "messages per second cap (0 = unlimited)")
        .argParser(integer({ min: 0 })).default(0),
    )
    .addOption(
      new Option("--progress-every <n>", "progress line every N confirms (when not on a terminal)")
        .argParser(integer({ min: 1 })).default(10_000),
    )
    .option("--json", "print one JSON object instead of the summary line", false);
}

/**
 * Parses `produce` flags; throws a `UserError` naming the flag on bad input.
 *
 * @example
 * ```ts
 * parseProduceFlags(["--count", "5"]).count; // 5
 * ```
 */
export function parseProduceFlags(argv: string[]): ProduceFlags {
  const flags = parseFlags<ProduceFlags>(produceCommand(), argv);
  return asFlagError(() => checkProduceFlags(flags));
}

function checkProduceFlags(flags: ProduceFlags): ProduceFlags {
  flags.url = urlWithHost(flags.url, flags.host);
  parseAmqpUrls(flags.url, "--url");
  if (!flags.queue) throw new UserError("--queue must not be empty");
  if (flags.exchange === "") {
    // The default exchange routes by queue name, to that one queue: the tutorials' hello world.
    flags.routingKey = flags.queue;
    flags.auditQueue = "";
  }
  if (flags.auditQueue === flags.queue) {
    throw new UserError("--audit-queue must differ from --queue (or be '' for no audit copy)");
  }
  checkRouting(flags);
  checkQueueShape({ ...flags, priority: flags.priority !== undefined }, SHAPE_FLAGS);
  if (flags.queueType === "stream" && (flags.deadLetter || flags.messageTtl !== undefined)) {
    throw new UserError(
      "--dead-letter and --message-ttl need a classic or quorum queue: a stream keeps messages by its retention limits",
    );
  }
  if (flags.purge && flags.queueType === "stream") {
    throw new UserError(
      "--purge cannot empty a stream (it keeps messages until its retention limits); delete it with: deno task cleanup --queue NAME",
    );
  }
  flags.producerId ??= defaultProducerId();
  return flags;
}

/** Routing flags that only mean something with some exchanges. */
function checkRouting(flags: ProduceFlags): void {
  const headersOnly = flags.bindHeader !== undefined || flags.match !== undefined;
  if (headersOnly && flags.exchangeType !== "headers") {
    throw new UserError("--bind-header and --match need --exchange-type headers");
  }
  if (flags.exchange === "" && (flags.bindingKey !== undefined || headersOnly)) {
    throw new UserError(
      "--binding-key, --bind-header and --match need an exchange: the default exchange ('') routes by queue name",
    );
  }
  const reserved = Object.keys(flags.header ?? {}).find((name) => ENVELOPE_HEADERS.includes(name));
  if (reserved) {
    throw new UserError(
      `--header ${reserved}: the envelope sets ${ENVELOPE_HEADERS.join(", ")}; choose another name`,
    );
  }
}

function defaultProducerId(): string {
  try {
    return os.userInfo().username;
  } catch {
    return Deno.env.get("USER") ?? "producer";
  }
}

/** Summary of a produce run, as printed (`--json` prints exactly this object). */
export interface ProduceSummary {
  published: number;
  confirmed: number;
  nacked: number;
  returned: number;
  seconds: number;
  rate: number;
  queue: string;
  in_queue_ready: number | null;
  run_id: string;
  /** With `--publishers` above 1: each connection's share. */
  publishers?: PublisherSummary[];
}

/** One connection's share of a run published over several. */
export interface PublisherSummary {
  confirmed: number;
  seconds: number;
  rate: number;
}

/**
 * The summary line: `published=N confirmed=N nacked=N returned=N time=S.SSs rate=N msg/s
 * in_queue_ready=N`.
 */
export function formatProduceSummary(s: ProduceSummary): string {
  const line =
    `published=${s.published} confirmed=${s.confirmed} nacked=${s.nacked} returned=${s.returned} ` +
    `time=${s.seconds.toFixed(2)}s rate=${Math.round(s.rate)} msg/s in_queue_ready=${
      s.in_queue_ready ?? "?"
    }`;
  const each = (s.publishers ?? []).map((p, i) =>
    `  publisher ${i + 1}: confirmed=${p.confirmed} time=${
      p.seconds.toFixed(2)
    }s rate=${p.rate} msg/s`
  );
  return [line, ...each].join("\n");
}

/**
 * A refused declare, told with every setting in which the queue differs from this run (the
 * broker names only the first), when the management API answers within 2 s; else as it was.
 */
async function withEveryDifference(
  error: unknown,
  flags: ProduceFlags,
  topology: Topology,
): Promise<unknown> {
  if (!(error instanceof UserError) || !/already exists with/.test(error.message)) return error;
  const [amqp] = parseAmqpUrls(flags.url, "--url");
  for (const queue of [flags.queue, flags.auditQueue].filter(Boolean)) {
    const existing = await askManagement(amqp, (api) => api.queue(queue));
    const wanted = queue === flags.queue
      ? { ...topology, ...checkQueueShape(topology) }
      : auditQueueShape(topology);
    const changes = existing ? queueDifferences(existing, wanted).map(flagChange) : [];
    if (changes.length > 1) {
      return new UserError(
        `queue '${queue}' already exists with other settings. Either run ${
          changes.join(", ")
        }, or delete it (deno task cleanup --queue ${queue}) so this run can create it.`,
      );
    }
  }
  return error;
}

/** Runs `produce` with these arguments; returns the exit code. */
export async function produce(argv: string[]): Promise<number> {
  const flags = parseProduceFlags(argv);
  const topology = topologyOf(flags);
  const runId = newRunId();
  const links = Array.from({ length: flags.publishers }, (_, i) =>
    new CliLink({
      script: "produce",
      url: flags.url,
      name: `produce ${flags.producerId}${flags.publishers > 1 ? ` #${i + 1}` : ""}`,
      frameMax: PUBLISHER_FRAME_MAX,
      connectTimeout: flags.connectTimeout,
      reconnectTimeout: flags.reconnectTimeout,
      resumes: "publishing the unconfirmed messages again",
      prepare: async (conn) => void await declareTopology(conn, topology, CLI_HINTS),
    }));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const [first] = links;
    await prepareQueues(await first.connect(), flags, topology);
    for (const link of links.slice(1)) await link.connect();
    const { total, each } = await publishAll(links, flags, {
      topology,
      runId,
      signal: stop.signal,
    });
    noteResends(total);
    await printSummary(first.connection, flags, { total, each }, runId);
    return exitCodeOf(flags, total, stop.signal.aborted);
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    await Promise.all(links.map((link) => link.close()));
  }
}

/** The topology these flags describe. */
function topologyOf(flags: ProduceFlags): Topology {
  return {
    exchange: flags.exchange,
    exchangeType: flags.exchangeType,
    routingKey: flags.routingKey,
    bindingKey: flags.bindingKey,
    bindHeaders: flags.bindHeader,
    match: flags.match,
    queue: flags.queue,
    auditQueue: flags.auditQueue,
    auditQueueType: flags.auditQueueType,
    durable: !flags.transientQueues,
    lazy: flags.lazy,
    queueType: flags.queueType,
    queueVersion: flags.queueVersion,
    deliveryLimit: flags.deliveryLimit,
    priority: flags.priority !== undefined,
    deadLetter: flags.deadLetter,
    messageTtlMs: flags.messageTtl,
  };
}

/** Declares the topology (a mismatch told with every difference) and purges when asked. */
async function prepareQueues(conn: AMQPClient, flags: ProduceFlags, topology: Topology) {
  const notes = await declareTopology(conn, topology, CLI_HINTS).catch(async (error) => {
    throw await withEveryDifference(error, flags, topology);
  });
  for (const note of notes) console.error(`produce: ${note}`);
  if (!flags.purge) return;
  // A stream cannot be emptied: an audit stream keeps its messages.
  const auditIsStream = (flags.auditQueueType ?? flags.queueType) === "stream";
  const queues = [flags.queue, auditIsStream ? "" : flags.auditQueue].filter(Boolean);
  const purged = await purgeQueues(conn, queues);
  console.error(
    `produce: purged ${Object.entries(purged).map(([q, n]) => `${q} (${n})`).join(", ")}`,
  );
}

/**
 * Publishes `--count` messages with the envelope over `--publishers` connections, showing
 * progress and flow control.
 */
async function publishAll(
  links: CliLink[],
  flags: ProduceFlags,
  run: { topology: Topology; runId: string; signal: AbortSignal },
): Promise<ParallelPublishResult> {
  const progress = new ProgressReporter({
    label: "published",
    total: flags.count,
    every: flags.progressEvery,
    tty: Deno.stderr.isTerminal(),
  });
  const connections = links.map((link) => ({
    connection: link.connection,
    reconnect: link.reconnect,
  }));
  const result = await publishInParallel(connections, {
    exchange: flags.exchange,
    routingKey: flags.routingKey,
    count: flags.count,
    body: flags.size !== undefined
      ? new Uint8Array(flags.size).fill(0x78) // "xxxx…": printable, so --show can display it
      : new TextEncoder().encode(flags.text),
    properties: new EnvelopeTemplate({
      producerId: flags.producerId,
      host: Deno.hostname(),
      runId: run.runId,
      contentType: "text/plain",
      persistent: flags.durable || run.topology.queueType !== "classic",
      priority: flags.priority,
      expirationMs: flags.expiration,
      extraHeaders: flags.header,
    }),
    confirmWindow: flags.confirmWindow,
    rate: flags.rate,
    progressEvery: progress.interval,
    onProgress: (p) => progress.update(p.confirmed, p.seconds),
    onBlocked: (reason) =>
      console.error(
        reason ? `produce: broker blocked: ${reason}; waiting` : "produce: broker unblocked",
      ),
    signal: run.signal,
    confirmTimeoutMs: flags.confirmTimeout * 1000,
    nackRetries: flags.nackRetries,
    hints: { ...CLI_HINTS, size: "--size" },
  });
  progress.finish();
  return result;
}

/** Says which messages went out twice: after a reconnect, or after nacks. */
function noteResends(result: PublishResult): void {
  if (result.republished > 0) {
    console.error(
      `produce: ${result.republished} messages were published again after reconnecting (consumers may see them twice)`,
    );
  }
  if (result.retriedNacks > 0) {
    console.error(
      `produce: the broker nacked ${result.retriedNacks} publishes (a quorum queue electing a leader, or a full queue); they were published again on a new channel`,
    );
  }
}

/** Prints the summary line (or JSON) with the work queue's depth. */
async function printSummary(
  conn: AMQPClient,
  flags: ProduceFlags,
  run: ParallelPublishResult,
  runId: string,
): Promise<void> {
  const result = run.total;
  // A stream reports no depth to a passive declare: leave it unknown rather than 0.
  const ready = result.error || flags.queueType === "stream"
    ? undefined
    : await inspectQueue(conn, flags.queue, CLI_HINTS);
  const summary: ProduceSummary = {
    published: result.published,
    confirmed: result.confirmed,
    nacked: result.nacked,
    returned: result.returned,
    seconds: Number(result.seconds.toFixed(3)),
    rate: Math.round(result.rate),
    queue: flags.queue,
    in_queue_ready: ready?.messageCount ?? null,
    run_id: runId,
  };
  if (run.each.length > 1) {
    summary.publishers = run.each.map((r) => ({
      confirmed: r.confirmed,
      seconds: Number(r.seconds.toFixed(3)),
      rate: Math.round(r.rate),
    }));
  }
  console.log(flags.json ? JSON.stringify(summary) : formatProduceSummary(summary));
}

/** 0 when every message was confirmed (or Ctrl+C stopped the run); else why not. */
function exitCodeOf(flags: ProduceFlags, result: PublishResult, interrupted: boolean): number {
  if (result.timedOut) {
    const unconfirmed = result.published - result.confirmed - result.nacked - result.returned;
    throw new UserError(
      `${result.error} (--confirm-timeout ${flags.confirmTimeout}): the broker or the connection is stuck; ` +
        `the ${unconfirmed} unconfirmed messages may or may not be queued`,
    );
  }
  if (result.error) throw new UserError(result.error);
  const missing = flags.count - result.confirmed;
  if (missing <= 0 || interrupted) return 0;
  console.error(
    `produce: ${formatInteger(missing)} of ${
      formatInteger(flags.count)
    } messages were not confirmed ` +
      `(nacked=${result.nacked}, returned=${result.returned}: returned means unroutable, ${
        unroutableBecause(flags)
      })`,
  );
  return 1;
}

/** Why a message of this run can come back unroutable, in the terms of its exchange type. */
function unroutableBecause(flags: ProduceFlags): string {
  if (flags.exchangeType === "headers") {
    return `no queue is bound to '${flags.exchange}' with headers these messages match`;
  }
  if (flags.exchangeType === "fanout") return `no queue is bound to '${flags.exchange}'`;
  return `no queue is bound to '${flags.exchange}' with a key that matches routing key '${flags.routingKey}'`;
}

if (import.meta.main) runCli("produce", () => produce(Deno.args));
