/**
 * `deno task consume`: takes messages from a queue with manual acks and a prefetch, reports
 * progress and a summary, and stops cleanly on Ctrl+C, SIGTERM or after --expect N.
 */
import { type Command, Option } from "commander";

import {
  brokerVersionOf,
  declareTopology,
  declareWorkQueue,
  inspectQueue,
  MAX_TTL_MS,
  shapeForBroker,
} from "../lib/amqp/mod.ts";
import {
  Consumer,
  type ConsumeResult,
  type DeliveredMessage,
  describeStreamOffset,
  type Envelope,
  type MessageHandler,
  parseStreamOffset,
  readSender,
  simulatedWork,
  type StopReason,
  type StreamOffset,
} from "../lib/messaging/mod.ts";
import { UserError } from "../lib/errors.ts";
import { formatMs, terminalJson, terminalSafe, UNKNOWN } from "../lib/shared/mod.ts";
import { askManagement } from "../lib/management/mod.ts";
import { propertiesLine } from "./_cli/message_line.ts";
import { asFlagError, command, decimal, integer, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import {
  addTopologyFlags,
  askedSettings,
  checkTopologyFlags,
  TOPOLOGY_FLAG_KEYS,
  type TopologyFlagValues,
  topologyOf,
} from "./_cli/topology_flags.ts";
import {
  addDeliveryFlags,
  checkDeliveryFlags,
  type DeliveryFlagValues,
  deliveryOf,
} from "./_cli/delivery_flags.ts";
import { addOutputFlags, type OutputFlagValues } from "./_cli/output_flags.ts";
import { CliLink } from "./_cli/cli_link.ts";
import { CLI_HINTS, missingQueueHint, SHAPE_FLAGS } from "./_cli/hints.ts";
import { ProgressReporter } from "./_cli/progress.ts";
import {
  addStreamFlags,
  checkStreamFlags,
  consumerFlagsOffStream,
  resolveStreamEndpoint,
  type StreamFlagValues,
} from "./_cli/stream_flags.ts";
import { StreamConnection, StreamConsumeRun } from "../lib/stream/mod.ts";

/** What handling a message does: consume's own flags. */
interface HandlingFlagValues {
  name: string;
  workMs: number;
  maxRetries: number;
  retryDelay?: number;
  maxRetryDelay: number;
  failRate: number;
  failOn?: string;
  show: boolean;
  offset?: StreamOffset;
}

/** Parsed and checked flags of `consume`, with the broker they name resolved. */
export interface ConsumeFlags
  extends
    ConnectionFlagValues,
    TopologyFlagValues,
    DeliveryFlagValues,
    HandlingFlagValues,
    StreamFlagValues,
    OutputFlagValues {
  /** The broker `--url`, `--host` and `--management-url` name. */
  broker: BrokerConnection;
  /** A topology flag was given: a missing queue is created as produce would. */
  topologyGiven: boolean;
}

/** Builds the `consume` command line (flags, defaults, environment variables, help). */
export function consumeCommand(): Command {
  const program = command(
    "consume",
    "Consume a queue with manual acks, retries and a dead-letter queue. The topology flags, as " +
      "produce takes them, say how the queue is declared: when it does not exist yet, any of " +
      "them creates it (and its exchange and binding) as produce would.",
  );
  addConnectionFlags(program, { host: "amqp", timeouts: true });
  addTopologyFlags(program);
  addDeliveryFlags(program, { ending: true });
  addHandlingFlags(program);
  addStreamFlags(program, { role: "consumer" });
  return addOutputFlags(program, { progress: true });
}

/** What handling a message does: simulated work and failures, retries, printing, streams. */
function addHandlingFlags(program: Command): Command {
  const flags = [
    new Option("--name <name>", "consumer name, shown in the management UI").default("Worker"),
    new Option("--work-ms <ms>", "simulated processing time per message")
      .argParser(integer({ min: 0, max: 600_000 })).default(0),
    new Option("--max-retries <n>", "retries of a failing message before it goes to <queue>.dlq")
      .argParser(integer({ min: 0, max: 1_000 })).default(3),
    new Option(
      "--retry-delay <ms>",
      "wait before a retry, doubling each time (in <queue>.retry.<ms> delay queues) (default: at once)",
    ).argParser(integer({ min: 1, max: MAX_TTL_MS })),
    new Option(
      "--max-retry-delay <ms>",
      "the longest wait before a retry (at least --retry-delay)",
    ).argParser(integer({ min: 1, max: MAX_TTL_MS })).default(60_000),
    new Option("--fail-rate <share>", "simulated share of failing attempts, 0 to 1 (drills)")
      .argParser(decimal({ min: 0, max: 1 })).default(0),
    new Option(
      "--fail-on <text>",
      "simulated failure of every message whose body holds TEXT (poison drill) (default: none)",
    ),
    new Option(
      "--show",
      "print each message: from=<producer_id>@<host> seq=… body=…, another client's with its properties",
    )
      .default(false),
    new Option(
      "--offset <where>",
      "stream only: first, last, next, an offset or an ISO timestamp (default: first)",
    ).argParser((value) => parseStreamOffset(value, "--offset")),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup("Handling:"));
  return program;
}

/**
 * Parses `consume` flags; throws a `UserError` naming the flag on bad input.
 *
 * @example
 * ```ts
 * parseConsumeFlags(["--prefetch", "1"]).prefetch; // 1
 * ```
 */
export function parseConsumeFlags(argv: string[]): ConsumeFlags {
  const program = consumeCommand();
  const flags = parseFlags<ConsumeFlags>(program, argv);
  flags.asked = askedSettings(program);
  flags.topologyGiven = TOPOLOGY_FLAG_KEYS.some((key) =>
    program.getOptionValueSource(key) === "cli"
  );
  return asFlagError(() => checkConsumeFlags(flags));
}

function checkConsumeFlags(flags: ConsumeFlags): ConsumeFlags {
  flags.broker = resolveConnection(flags);
  checkDeliveryFlags(flags);
  checkTopologyFlags(flags, { priority: false });
  checkStreamFlags(flags, consumerFlagsOffStream(flags));
  if (flags.queueType === "stream") {
    if (flags.autoAck) {
      throw new UserError("--auto-ack does not apply to streams: a stream consumer acks by credit");
    }
    if (flags.failRate > 0 || flags.failOn !== undefined || flags.retryDelay !== undefined) {
      throw new UserError(
        "--fail-rate, --fail-on and --retry-delay need a classic or quorum queue: a stream keeps every message and has no retries or dead-lettering",
      );
    }
    flags.offset ??= "first";
  } else if (flags.offset !== undefined) {
    throw new UserError(
      `--offset applies to streams only; add --queue-type stream if '${
        terminalSafe(flags.queue)
      }' is a stream`,
    );
  }
  return flags;
}

/** Summary of a consume run, as printed (`--json` prints exactly this object). */
export interface ConsumeSummary {
  consumed: number;
  seconds: number;
  rate: number;
  redelivered: number;
  duplicates: number;
  foreign: number;
  retried: number;
  dead_lettered: number;
  /** Publish-to-handling latency of our messages; null when none carried a send time. */
  latency_ms: { p50: number; p95: number; p99: number } | null;
  /**
   * Messages per sender, most first: by the `producer_id` and `host` headers (ours, or the
   * pika demo's); null ids for the messages that name no sender.
   */
  senders: { producer_id: string | null; host: string | null; messages: number }[];
  /** Messages of senders past the 1,000 told apart (present only when there are some). */
  senders_unlisted?: number;
}

/** Shapes a consumer's result into the printed summary. */
export function consumeSummary(result: ConsumeResult): ConsumeSummary {
  return {
    consumed: result.consumed,
    seconds: Number(result.seconds.toFixed(3)),
    rate: Math.round(result.rate),
    redelivered: result.redelivered,
    duplicates: result.duplicates,
    foreign: result.foreign,
    retried: result.retried,
    dead_lettered: result.deadLettered,
    // Another client's messages carry no send time of ours: no latency, rather than 0 ms.
    latency_ms: result.latency.count === 0
      ? null
      : { p50: result.latency.p50, p95: result.latency.p95, p99: result.latency.p99 },
    senders: result.senders.map(({ sender, messages }) => ({
      producer_id: sender?.producerId ?? null,
      host: sender?.host ?? null,
      messages,
    })),
    ...(result.sendersUnlisted > 0 ? { senders_unlisted: result.sendersUnlisted } : {}),
  };
}

/** Senders named one by one in the closing line; the rest are summed. */
const SENDERS_SHOWN = 5;

/**
 * `producer@host` for a person, safe for a terminal; a producer id that already ends with its
 * host (`demo@box`, as `start` names its producer) is not given the host twice.
 */
function senderName(producerId: string, host: string): string {
  if (!host || producerId.endsWith(`@${host}`)) return terminalSafe(producerId);
  return `${terminalSafe(producerId)}@${terminalSafe(host)}`;
}

/**
 * The closing line that says who sent what was consumed: `from: demo-1@box 10000,
 * pika-user@laptop 5, no sender 2` (past the five biggest senders: `other senders N`), or
 * `undefined` when nothing was consumed. The names are
 * the publishers': made safe for a terminal.
 *
 * @example
 * ```ts
 * formatSenders({ ...summary, senders: [{ producer_id: "ana", host: "box", messages: 3 }] });
 * // "from: ana@box 3"
 * ```
 */
export function formatSenders(s: ConsumeSummary): string | undefined {
  if (s.senders.length === 0 && !s.senders_unlisted) return undefined;
  const named = s.senders.filter((c) => c.producer_id !== null);
  const unnamed = s.senders.find((c) => c.producer_id === null)?.messages ?? 0;
  const parts = named.slice(0, SENDERS_SHOWN).map((c) =>
    `${senderName(c.producer_id!, c.host ?? "")} ${c.messages}`
  );
  const rest = named.slice(SENDERS_SHOWN);
  const others = rest.reduce((sum, c) => sum + c.messages, 0) + (s.senders_unlisted ?? 0);
  if (others > 0) parts.push(`other senders ${others}`);
  if (unnamed > 0) parts.push(`no sender ${unnamed}`);
  return `from: ${parts.join(", ")}`;
}

/**
 * The summary line: `consumed=N time=S.SSs rate=N msg/s redelivered=N duplicates=N foreign=N
 * retried=N dead_lettered=N latency_p50=… latency_p99=…`.
 */
export function formatConsumeSummary(s: ConsumeSummary): string {
  return `consumed=${s.consumed} time=${s.seconds.toFixed(2)}s rate=${s.rate} msg/s ` +
    `redelivered=${s.redelivered} duplicates=${s.duplicates} foreign=${s.foreign} ` +
    `retried=${s.retried} dead_lettered=${s.dead_lettered} ` +
    `latency_p50=${s.latency_ms ? formatMs(s.latency_ms.p50) : UNKNOWN} ` +
    `latency_p99=${s.latency_ms ? formatMs(s.latency_ms.p99) : UNKNOWN}`;
}

const MAX_SHOWN_BODY = 200;
const decoder = new TextDecoder();

/**
 * One line describing a message for --show: `from=ana@box seq=7 body=Hello World`; for a
 * message without our envelope `foreign content_type=… cluster_id=… body=…` (every property it
 * carries, which tells another application's messages apart), after `from=pika-user@laptop`
 * when its headers name its sender, as the pika demo's do. Everything in it came from the
 * publisher, so none of it reaches the terminal raw: the body as a JSON string's inside (C0
 * escaped), and then, like the producer id, host and properties, every control, bidi and
 * invisible character escaped.
 */
export function describeMessage(
  msg: Pick<DeliveredMessage, "body" | "properties"> & { redelivered?: boolean },
  envelope: Envelope | undefined,
): string {
  const bytes = msg.body ?? new Uint8Array(0);
  const text = JSON.stringify(decoder.decode(bytes.subarray(0, MAX_SHOWN_BODY))).slice(1, -1);
  let body = terminalSafe(text, { maxLength: Infinity });
  if (bytes.length > MAX_SHOWN_BODY) body += `… (${bytes.length} bytes)`;
  const redelivered = msg.redelivered ? " redelivered" : "";
  if (envelope) {
    const from = senderName(envelope.producerId, envelope.host);
    return `from=${from} seq=${envelope.seq}${redelivered} body=${body}`;
  }
  const properties = propertiesLine(msg.properties);
  const foreign = `foreign${redelivered}${properties ? ` ${properties}` : ""} body=${body}`;
  // Another client's message may still name its sender, as the pika demo's headers do.
  const sender = readSender(msg.properties);
  if (!sender) return foreign;
  return `from=${senderName(sender.producerId, sender.host)} ${foreign}`;
}

/**
 * The line that says a run ended short of `--expect`, or `undefined` when it did not.
 *
 * @example
 * ```ts
 * shortfall({ expect: 3, settled: 2, reason: "idle", idleTimeout: 5 });
 * // "stopped at 2 of 3 expected: nothing arrived for 5s (--idle-timeout)"
 * ```
 */
export function shortfall(
  run: { expect: number; settled: number; reason: StopReason; idleTimeout: number },
): string | undefined {
  if (run.expect === 0 || run.settled >= run.expect) return undefined;
  const why = run.reason === "idle"
    ? `nothing arrived for ${run.idleTimeout}s (--idle-timeout)`
    : "interrupted";
  return `stopped at ${run.settled} of ${run.expect} expected: ${why}`;
}

/** The vhost's queue names, when the management API answers within 2 s. */
async function queueNames(flags: ConsumeFlags): Promise<string[]> {
  const names = await askManagement(
    flags.broker.management,
    async (api) => (await api.queues(["name"])).map((q) => q.name),
  );
  return names ?? [];
}

/** How often progress is printed, at least, when stderr is not a terminal. */
const PROGRESS_HEARTBEAT_MS = 10_000;

/** Runs `consume` with these arguments; returns the exit code. */
export async function consume(argv: string[]): Promise<number> {
  const flags = parseConsumeFlags(argv);
  if (flags.protocol === "stream") return await consumeOverStream(flags);
  if (flags.autoAck) {
    console.error(
      "consume: --auto-ack: the broker counts a message done when it sends it; if this consumer " +
        "stops or crashes, the messages in flight are lost",
    );
  }
  // After a drop the consumer subscribes again on the new connection; unacked messages come back.
  const link = new CliLink({
    script: "consume",
    broker: flags.broker,
    name: `consume ${flags.name}`,
    resumes: "subscribing again",
  });
  await link.connect();
  try {
    await ensureQueue(link, flags);
    const progress = new ProgressReporter({
      label: "consumed",
      total: flags.expect,
      every: flags.progressEvery,
      tty: Deno.stderr.isTerminal() && !flags.show,
    });
    const consumer = consumerFor(link, flags, progress);
    const { result, signal } = await runUntilStopped(consumer, progress);
    return finish(flags, result, signal);
  } finally {
    await link.close();
  }
}

/**
 * `--dead-letter` on an existing queue: it must dead-letter somewhere (by its arguments or a
 * policy), else rejecting would drop messages. Asked of the management API; without it, the
 * queue is declared again as `--dead-letter` declares it, which the broker refuses if it differs.
 */
async function checkDeadLettering(link: CliLink, flags: ConsumeFlags): Promise<void> {
  const info = await askManagement(flags.broker.management, (api) => api.queue(flags.queue));
  if (!info) {
    return tell(
      await link.retry((conn) =>
        declareWorkQueue(conn, topologyOf(flags, { priority: false }), CLI_HINTS)
      ),
    );
  }
  const dlx = info.arguments?.["x-dead-letter-exchange"] ??
    info.effective_policy_definition?.["dead-letter-exchange"];
  if (dlx !== undefined) return;
  const queue = terminalSafe(flags.queue);
  throw new UserError(
    `queue '${queue}' has no dead-letter exchange (neither x-dead-letter-exchange nor a policy), ` +
      `so a rejected message would be dropped. Run without --dead-letter (spent retries are then copied ` +
      `to ${queue}.dlq by this consumer), or delete the queue (deno task cleanup --queue ${queue}) ` +
      `and declare it with produce --dead-letter.`,
  );
}

/** Prints what the broker's version changed in the queue's declaration. */
function tell(notes: string[]): void {
  for (const note of notes) {
    console.error(`consume: ${terminalSafe(note, { maxLength: Infinity })}`);
  }
}

/**
 * Whether the queue exists. When it did not at first but the vhost's queue list has it (a
 * producer started at the same moment), it is asked again: it may exist by now.
 */
async function queueExists(link: CliLink, flags: ConsumeFlags): Promise<boolean> {
  const inspect = () => link.retry((conn) => inspectQueue(conn, flags.queue, CLI_HINTS));
  if (await inspect()) return true;
  if (flags.topologyGiven) return false;
  const names = await queueNames(flags);
  if (names.includes(flags.queue) && await inspect()) return true;
  throw new UserError(missingQueueHint(flags.queue, names));
}

/**
 * What the flags given change on an existing queue, which consume does not declare again:
 * `--lazy` on 3.12+ and `--transient-queues` get the notes produce would print.
 */
function tellShapeNotes(link: CliLink, flags: ConsumeFlags): void {
  if (!flags.lazy && !flags.transientQueues) return;
  const { notes } = shapeForBroker(
    topologyOf(flags, { priority: false }),
    brokerVersionOf(link.connection),
    SHAPE_FLAGS,
  );
  tell(notes);
}

/** Checks the queue exists; creates it as produce would when topology flags were given. */
async function ensureQueue(
  link: CliLink,
  flags: ConsumeFlags,
  say: { sayOffset: boolean } = { sayOffset: true },
): Promise<void> {
  const exists = await queueExists(link, flags);
  if (exists && flags.messageTtl === undefined && !flags.deadLetter) tellShapeNotes(link, flags);
  if (exists && flags.messageTtl !== undefined) {
    // Declared again with the same arguments: refused, and explained, if it was made otherwise.
    tell(
      await link.retry((conn) =>
        declareWorkQueue(conn, topologyOf(flags, { priority: false }), CLI_HINTS)
      ),
    );
  } else if (exists && flags.deadLetter) {
    await checkDeadLettering(link, flags);
  }
  if (!exists) {
    tell(
      await link.retry((conn) =>
        declareTopology(conn, topologyOf(flags, { priority: false }), CLI_HINTS)
      ),
    );
    console.error(
      `consume: queue '${terminalSafe(flags.queue)}' did not exist; created it bound to '${
        terminalSafe(flags.exchange)
      }' with key '${terminalSafe(flags.routingKey)}', as produce would`,
    );
  }
  if (flags.offset !== undefined && say.sayOffset) {
    console.error(
      `consume: reading stream '${terminalSafe(flags.queue)}' from ${
        describeStreamOffset(flags.offset)
      }`,
    );
  }
}

/** The consumer these flags describe, its handler doing the simulated work (and --show). */
function consumerFor(link: CliLink, flags: ConsumeFlags, progress: ProgressReporter): Consumer {
  const work = simulatedWork({
    workMs: flags.workMs,
    failRate: flags.failRate,
    failOn: flags.failOn,
    names: { failRate: "--fail-rate", failOn: "--fail-on" },
  });
  const handler: MessageHandler = flags.show
    ? (msg, envelope) => {
      console.log(describeMessage(msg, envelope));
      return work(msg, envelope);
    }
    : work;
  return new Consumer(link.connection, {
    hints: CLI_HINTS,
    queue: flags.queue,
    ...deliveryOf(flags),
    expect: flags.expect,
    maxRetries: flags.maxRetries,
    retryDelay: flags.retryDelay === undefined
      ? undefined
      : { initialMs: flags.retryDelay, maxMs: Math.max(flags.retryDelay, flags.maxRetryDelay) },
    queueDeadLetters: flags.deadLetter,
    handler,
    name: flags.name,
    reconnect: link.reconnect,
    streamOffset: flags.offset,
    idleTimeoutMs: flags.idleTimeout * 1000,
    progressEvery: progress.interval,
    onProgress: (p) => progress.update(p.consumed + p.deadLettered, p.seconds),
  });
}

/** Runs the consumer until it ends or Ctrl+C / SIGTERM stops it; says which signal did. */
async function runUntilStopped(
  consumer: Consumer,
  progress: ProgressReporter,
): Promise<{ result: ConsumeResult; signal?: "SIGINT" | "SIGTERM" }> {
  let signal: "SIGINT" | "SIGTERM" | undefined;
  const onSigint = () => (signal ??= "SIGINT", consumer.stop());
  const onSigterm = () => (signal ??= "SIGTERM", consumer.stop());
  Deno.addSignalListener("SIGINT", onSigint);
  Deno.addSignalListener("SIGTERM", onSigterm);
  // A slow run is never silent in a log: a line at least every 10 s.
  const heartbeat = setInterval(() => {
    const p = consumer.progress();
    progress.remind(p.consumed + p.deadLettered, p.seconds, PROGRESS_HEARTBEAT_MS);
  }, 1_000);
  try {
    return { result: await consumer.run(), signal };
  } finally {
    clearInterval(heartbeat);
    Deno.removeSignalListener("SIGINT", onSigint);
    Deno.removeSignalListener("SIGTERM", onSigterm);
    progress.finish();
  }
}

/** Prints the summary; the exit code says whether the run ended short of --expect. */
function finish(flags: ConsumeFlags, result: ConsumeResult, signal?: "SIGINT" | "SIGTERM"): number {
  const summary = consumeSummary(result);
  const senders = formatSenders(summary);
  if (flags.json) console.log(terminalJson(summary));
  else {console.log(
      senders ? `${formatConsumeSummary(summary)}\n${senders}` : formatConsumeSummary(summary),
    );}
  const short = shortfall({
    expect: flags.expect,
    settled: result.consumed + result.deadLettered,
    reason: result.stopReason,
    idleTimeout: flags.idleTimeout,
  });
  if (!short) return 0;
  console.error(`consume: ${short}`);
  return signal === "SIGINT" ? 130 : 1;
}

/** Chunks the broker may send ahead over the stream protocol (each holds many messages). */
const STREAM_CREDIT = 8;

/**
 * `--protocol stream`: checks the stream exists (or creates it, as over AMQP), then reads it
 * over the stream protocol with the same summary.
 */
async function consumeOverStream(flags: ConsumeFlags): Promise<number> {
  const link = new CliLink({
    script: "consume",
    broker: flags.broker,
    name: `consume ${flags.name}`,
    resumes: "checking the stream again",
  });
  await link.connect();
  try {
    await ensureQueue(link, flags, { sayOffset: false });
  } finally {
    await link.close();
  }
  const endpoint = await resolveStreamEndpoint(flags, flags.broker);
  const progress = new ProgressReporter({
    label: "consumed",
    total: flags.expect,
    every: flags.progressEvery,
    tty: Deno.stderr.isTerminal() && !flags.show,
  });
  const name = flags.consumerName;
  const run = new StreamConsumeRun({
    connect: () =>
      StreamConnection.connect({ ...endpoint, connectionName: `consume ${flags.name}` }),
    stream: flags.queue,
    offset: flags.offset ?? "first",
    consumerName: name,
    credit: STREAM_CREDIT,
    expect: flags.expect,
    idleTimeoutMs: flags.idleTimeout * 1000,
    reconnectTimeoutMs: flags.broker.reconnectTimeout * 1000,
    onMessage: flags.show
      ? (message, envelope) => console.log(describeMessage(message, envelope))
      : undefined,
    progressEvery: progress.interval,
    onProgress: (consumed, seconds) => progress.update(consumed, seconds),
    onSubscribed: ({ resumedAfter, reconnected }) => {
      const where = resumedAfter === undefined
        ? reconnected ? "" : ` from ${describeStreamOffset(flags.offset ?? "first")}`
        : `, going on after offset ${resumedAfter} stored under '${terminalSafe(name ?? "")}'`;
      console.error(
        `consume: ${reconnected ? "subscribed again" : "subscribed"} over the stream protocol (${
          terminalSafe(endpoint.host)
        }:${endpoint.port})${where}`,
      );
    },
    onReconnect: (error) =>
      console.error(
        `consume: stream connection lost (${terminalSafe(error.message)}); reconnecting`,
      ),
  });
  let signal: "SIGINT" | "SIGTERM" | undefined;
  const onSigint = () => (signal ??= "SIGINT", run.stop());
  const onSigterm = () => (signal ??= "SIGTERM", run.stop());
  Deno.addSignalListener("SIGINT", onSigint);
  Deno.addSignalListener("SIGTERM", onSigterm);
  try {
    const result = await run.run();
    progress.finish();
    return finish(flags, result, signal);
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
    Deno.removeSignalListener("SIGTERM", onSigterm);
  }
}

if (import.meta.main) runCli("consume", () => consume(Deno.args));
