/**
 * `deno task produce`: declares the topology and publishes N messages with publisher confirms.
 */
import type { AMQPClient } from "@cloudamqp/amqp-client";
import { type Command, Option } from "commander";
import os from "node:os";
import {
  auditQueueShape,
  type BrokerVersion,
  brokerVersionOf,
  checkQueueShape,
  declareTopology,
  inspectQueue,
  MAX_PRIORITY,
  MAX_TTL_MS,
  PUBLISHER_FRAME_MAX,
  purgeQueues,
  QUEUE_ARGUMENT_OF_SETTING,
  queueDifferences,
  shapeForBroker,
  spreadTopology,
  type Topology,
  versionAtLeast,
} from "../lib/amqp/mod.ts";
import { UserError } from "../lib/errors.ts";
import {
  EnvelopeTemplate,
  MAX_SEQ,
  newRunId,
  type ParallelPublishResult,
  publishInParallel,
  type PublishResult,
} from "../lib/messaging/mod.ts";
import {
  askManagement,
  describeLimit,
  queueLimit,
  type RefusingLimit,
} from "../lib/management/mod.ts";
import { formatInteger, terminalJson, terminalSafe } from "../lib/shared/mod.ts";
import { CliLink } from "./_cli/cli_link.ts";
import { CLI_HINTS, flagChange } from "./_cli/hints.ts";
import { asFlagError, command, integer, keyValue, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import {
  addAuditFlags,
  addTopologyFlags,
  askedSettings,
  type AuditFlagValues,
  checkTopologyFlags,
  type TopologyFlagValues,
  topologyOf,
} from "./_cli/topology_flags.ts";
import { addPublishFlags, type PublishFlagValues } from "./_cli/publish_flags.ts";
import { addOutputFlags, type OutputFlagValues } from "./_cli/output_flags.ts";
import { ProgressReporter } from "./_cli/progress.ts";
import { otherQueuesRouted } from "./_cli/routing_check.ts";
import {
  addStreamFlags,
  checkStreamFlags,
  producerFlagsOffStream,
  resolveStreamEndpoint,
  type StreamFlagValues,
} from "./_cli/stream_flags.ts";
import {
  StreamConnection,
  type StreamEndpoint,
  StreamMessageTemplate,
  type StreamPublishResult,
  StreamPublishRun,
} from "../lib/stream/mod.ts";

/** Header names the envelope sets; `--header` may not replace them. */
const ENVELOPE_HEADERS = ["producer_id", "host"];

/** The largest --size accepted before asking the broker (its own limit is usually 128 MiB). */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

/** What each message is: produce's own flags. */
interface MessageFlagValues {
  count: number;
  producerId: string;
  text: string;
  size?: number;
  priority?: number;
  expiration?: number;
  header?: Record<string, string>;
  purge: boolean;
}

/** Parsed and checked flags of `produce`, with the broker they name resolved. */
export interface ProduceFlags
  extends
    ConnectionFlagValues,
    TopologyFlagValues,
    AuditFlagValues,
    MessageFlagValues,
    PublishFlagValues,
    StreamFlagValues,
    OutputFlagValues {
  /** The broker `--url`, `--host` and `--management-url` name. */
  broker: BrokerConnection;
}

/** Builds the `produce` command line (flags, defaults, environment variables, help). */
export function produceCommand(): Command {
  const program = command(
    "produce",
    "Publish messages with publisher confirms into a work queue and an audit queue.",
  );
  addConnectionFlags(program, { host: "amqp", timeouts: true });
  addTopologyFlags(program);
  addAuditFlags(program);
  addMessageFlags(program);
  addPublishFlags(program, { rate: true, resilience: true });
  addStreamFlags(program, { role: "producer" });
  return addOutputFlags(program, { progress: true });
}

/** What each message is: how many, its body, producer id, priority, headers; and --purge. */
function addMessageFlags(program: Command): Command {
  const flags = [
    // A message id holds sequence numbers up to MAX_SEQ.
    new Option("--count <n>", "messages to publish").argParser(integer({ min: 1, max: MAX_SEQ }))
      .default(10_000),
    new Option("--producer-id <id>", "producer_id header (default: the OS user)")
      .env("PRODUCER_ID"),
    new Option("--text <text>", "message body").default("Hello World"),
    new Option(
      "--size <bytes>",
      "message body of this many bytes instead of --text (default: --text)",
    ).argParser(integer({ min: 0, max: MAX_BODY_BYTES })).conflicts("text"),
    new Option(
      "--priority <n>",
      `message priority; declares priority queues (x-max-priority ${MAX_PRIORITY}) (default: none)`,
    ).argParser(integer({ min: 0, max: MAX_PRIORITY })),
    new Option(
      "--expiration <ms>",
      "each message expires after this long in a queue (default: never)",
    ).argParser(integer({ min: 0, max: MAX_TTL_MS })),
    new Option("--header <name=value>", "a header on every message (repeatable) (default: none)")
      .argParser(keyValue),
    new Option("--purge", "empty the work and audit queues before publishing").default(false),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup("Messages:"));
  return program;
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
  const program = produceCommand();
  const flags = parseFlags<ProduceFlags>(program, argv);
  flags.asked = askedSettings(program);
  return asFlagError(() => checkProduceFlags(flags));
}

function checkProduceFlags(flags: ProduceFlags): ProduceFlags {
  flags.broker = resolveConnection(flags);
  checkTopologyFlags(flags, { priority: flags.priority !== undefined });
  if (flags.purge && flags.queueType === "stream") {
    throw new UserError(
      "--purge cannot empty a stream (it keeps messages until its retention limits); delete it with: deno task cleanup --queue NAME",
    );
  }
  const reserved = Object.keys(flags.header ?? {}).find((name) => ENVELOPE_HEADERS.includes(name));
  if (reserved) {
    throw new UserError(
      `--header ${reserved}: the envelope sets ${ENVELOPE_HEADERS.join(", ")}; choose another name`,
    );
  }
  flags.producerId ??= defaultProducerId();
  checkSpread(flags);
  checkStreamFlags(flags, producerFlagsOffStream(flags));

  return flags;
}

/** `--queues`: at most one queue per publisher, over an exchange that routes by key. */
function checkSpread(flags: ProduceFlags): void {
  flags.queues ??= 1;
  if (flags.queues === 1) return;
  if (flags.queues > flags.publishers) {
    throw new UserError(
      `--queues (${flags.queues}) must not exceed --publishers (${flags.publishers}): each queue is filled by its own publishers`,
    );
  }
  const byKey = flags.exchange === "" || ["direct", "topic"].includes(flags.exchangeType);
  if (!byKey || flags.bindingKey !== undefined) {
    throw new UserError(
      "--queues spreads messages by routing key (<routing-key>.1 to .N): it needs a direct or topic exchange (or --exchange '') and no --binding-key",
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
  /** With `--protocol stream`: "stream". */
  protocol?: "stream";
  /** With `--protocol stream`: messages sent again after a reconnect (stored once each). */
  republished?: number;
  /** With `--publishers` above 1: each connection's share. */
  publishers?: PublisherSummary[];
  /** With `--queues` above 1: the queues the run was spread over (`in_queue_ready` sums them). */
  queues?: string[];
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
 * A refused declare, told with every setting in which the queue differs from what this run
 * asks for (the broker names only the first), when the management API answers within 2 s;
 * else as it was. Settings the run leaves at their defaults follow the queue, and what the
 * broker's version ignores (lazy mode on 3.12+) is no difference: neither is listed.
 */
async function withEveryDifference(
  error: unknown,
  flags: ProduceFlags,
  where: { topology: Topology; version: BrokerVersion | undefined },
): Promise<unknown> {
  if (!(error instanceof UserError) || !/already exists with/.test(error.message)) return error;
  const { topology, version } = where;
  for (const queue of [topology.queue, topology.auditQueue].filter(Boolean)) {
    const existing = await askManagement(flags.broker.management, (api) => api.queue(queue));
    const shape = queue === topology.queue
      ? { ...topology, ...checkQueueShape(topology) }
      : auditQueueShape(topology);
    const wanted = { ...shape, ...shapeForBroker(shape, version).shape };
    const lazyIgnored = versionAtLeast(version, "3.12");
    const changes = existing
      ? queueDifferences(existing, wanted)
        .filter((d) => topology.asked?.has(QUEUE_ARGUMENT_OF_SETTING[d.setting]) ?? true)
        .filter((d) => !(lazyIgnored && d.setting === "lazy"))
        .map(flagChange)
      : [];
    if (changes.length > 1) {
      const name = terminalSafe(queue);
      return new UserError(
        `queue '${name}' already exists with other settings. Either run ${
          terminalSafe(changes.join(", "), { maxLength: Infinity })
        }, or delete it (deno task cleanup --queue ${name}) so this run can create it.`,
      );
    }
  }
  return error;
}

/** Runs `produce` with these arguments; returns the exit code. */
export async function produce(argv: string[]): Promise<number> {
  const flags = parseProduceFlags(argv);
  if (flags.protocol === "stream") return await produceOverStream(flags);
  const topology = topologyOf(flags, { priority: flags.priority !== undefined });
  // Publisher i publishes into queue i mod --queues (one queue, the topology itself, by default).
  const topologies = spreadTopology(topology, flags.queues);
  const topologyOfPublisher = (i: number) => topologies[i % topologies.length];
  const runId = newRunId();
  const links = Array.from({ length: flags.publishers }, (_, i) =>
    new CliLink({
      script: "produce",
      broker: flags.broker,
      name: `produce ${flags.producerId}${flags.publishers > 1 ? ` #${i + 1}` : ""}`,
      frameMax: PUBLISHER_FRAME_MAX,
      resumes: "publishing the unconfirmed messages again",
      prepare: async (conn) => void await declareTopology(conn, topologyOfPublisher(i), CLI_HINTS),
    }));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const [first] = links;
    await prepareQueues(await first.connect(), flags, topologies);
    for (const link of links.slice(1)) await link.connect();
    const { total, each } = await publishAll(links, flags, {
      topologyOfPublisher,
      runId,
      signal: stop.signal,
    });
    const queues = [...topologies.map((t) => t.queue), flags.auditQueue].filter(Boolean);
    const limits = total.nacked + total.retriedNacks > 0 ? await limitsOf(flags, queues) : [];
    noteResends(total, limits);
    await printSummary(first.connection, flags, { total, each }, {
      runId,
      queues: topologies.map((t) => t.queue),
    });
    return exitCodeOf(flags, total, stop.signal.aborted, limits);
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    await Promise.all(links.map((link) => link.close()));
  }
}

/**
 * Declares the topology, each queue of it when spread (a mismatch told with every difference),
 * and purges when asked.
 */
async function prepareQueues(conn: AMQPClient, flags: ProduceFlags, topologies: Topology[]) {
  const notes = new Set<string>();
  for (const topology of topologies) {
    const said = await declareTopology(conn, topology, CLI_HINTS).catch(async (error) => {
      throw await withEveryDifference(error, flags, { topology, version: brokerVersionOf(conn) });
    });
    for (const note of said) notes.add(note);
  }
  for (const note of notes) {
    console.error(`produce: ${terminalSafe(note, { maxLength: Infinity })}`);
  }
  for (const topology of topologies) await warnOfOtherQueues(flags, topology);
  if (!flags.purge) return;
  // A stream cannot be emptied: an audit stream keeps its messages.
  const auditIsStream = (flags.auditQueueType ?? flags.queueType) === "stream";
  const queues = [...topologies.map((t) => t.queue), auditIsStream ? "" : flags.auditQueue]
    .filter(Boolean);
  const purged = await purgeQueues(conn, queues);
  console.error(
    `produce: purged ${
      Object.entries(purged).map(([q, n]) => `${terminalSafe(q)} (${n})`).join(", ")
    }`,
  );
}

/**
 * One line when the exchange and key also route to queues this run did not declare (another
 * run's, say): they get these messages too. Asked of the management API; silent without it.
 */
async function warnOfOtherQueues(flags: ProduceFlags, topology: Topology): Promise<void> {
  if (topology.exchange === "") return;
  const bindings = await askManagement(
    flags.broker.management,
    (api) => api.exchangeBindings(topology.exchange),
  );
  const others = otherQueuesRouted(topology, bindings ?? []);
  if (others.length === 0) return;
  // Those queues are other clients' names: shown escaped.
  const shown = others.slice(0, 3).map((q) => `'${terminalSafe(q)}'`).join(", ");
  console.error(
    `produce: exchange '${terminalSafe(topology.exchange)}' with routing key '${
      terminalSafe(topology.routingKey)
    }' also routes to ` +
      `${others.length} other queue${others.length === 1 ? "" : "s"} (${shown}${
        others.length > 3 ? ", …" : ""
      }): they get a copy of every message; use another --exchange or --routing-key to keep them apart`,
  );
}

/**
 * Publishes `--count` messages with the envelope over `--publishers` connections, showing
 * progress and flow control.
 */
async function publishAll(
  links: CliLink[],
  flags: ProduceFlags,
  run: { topologyOfPublisher: (i: number) => Topology; runId: string; signal: AbortSignal },
): Promise<ParallelPublishResult> {
  const progress = new ProgressReporter({
    label: "published",
    total: flags.count,
    every: flags.progressEvery,
    tty: Deno.stderr.isTerminal(),
  });
  const connections = links.map((link, i) => ({
    connection: link.connection,
    reconnect: link.reconnect,
    routingKey: run.topologyOfPublisher(i).routingKey,
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
      persistent: flags.durable || flags.queueType !== "classic",
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
        reason
          ? `produce: broker blocked: ${terminalSafe(reason)}; waiting`
          : "produce: broker unblocked",
      ),
    signal: run.signal,
    confirmTimeoutMs: flags.confirmTimeout * 1000,
    nackRetries: flags.nackRetries,
    hints: { ...CLI_HINTS, size: "--size" },
  });
  progress.finish();
  return result;
}

/**
 * The length limits that make these queues refuse publishes, asked of the management API after
 * the broker nacked (it says no more than that); none when it does not answer.
 */
async function limitsOf(flags: ProduceFlags, queues: string[]): Promise<RefusingLimit[]> {
  const limits = await askManagement(
    flags.broker.management,
    (api) => Promise.all(queues.map((q) => queueLimit(api, q))),
  );
  return (limits ?? []).filter((limit) => limit !== undefined);
}

/**
 * Says which messages went out twice: after a reconnect, or after nacks; a queue whose length
 * limit refused them is named, with what sets the limit.
 */
function noteResends(result: PublishResult, limits: RefusingLimit[]): void {
  for (const limit of limits) {
    console.error(
      `produce: the broker nacked publishes: ${terminalSafe(describeLimit(limit))}; ` +
        `consume from it, or raise the limit`,
    );
  }
  if (result.republished > 0) {
    console.error(
      `produce: ${result.republished} messages were published again after reconnecting (consumers may see them twice)`,
    );
  }
  if (result.retriedNacks > 0) {
    console.error(
      `produce: the broker nacked ${result.retriedNacks} publishes (${
        limits.length ? "a full queue" : "a quorum queue electing a leader, or a full queue"
      }); they were published again on a new channel`,
    );
  }
}

/** Prints the summary line (or JSON) with the work queue's depth. */
async function printSummary(
  conn: AMQPClient,
  flags: ProduceFlags,
  run: ParallelPublishResult,
  where: { runId: string; queues: string[] },
): Promise<void> {
  const result = run.total;
  // A stream reports no depth to a passive declare: leave it unknown rather than 0.
  const ready = result.error || flags.queueType === "stream"
    ? undefined
    : await queueDepths(conn, where.queues);
  const summary: ProduceSummary = {
    published: result.published,
    confirmed: result.confirmed,
    nacked: result.nacked,
    returned: result.returned,
    seconds: Number(result.seconds.toFixed(3)),
    rate: Math.round(result.rate),
    queue: flags.queue,
    in_queue_ready: ready ?? null,
    run_id: where.runId,
  };
  if (where.queues.length > 1) summary.queues = where.queues;
  if (run.each.length > 1) {
    summary.publishers = run.each.map((r) => ({
      confirmed: r.confirmed,
      seconds: Number(r.seconds.toFixed(3)),
      rate: Math.round(r.rate),
    }));
  }
  console.log(flags.json ? terminalJson(summary) : formatProduceSummary(summary));
}

/** The messages ready in these queues together (a passive declare each). */
async function queueDepths(conn: AMQPClient, queues: string[]): Promise<number | undefined> {
  let ready = 0;
  for (const queue of queues) {
    const info = await inspectQueue(conn, queue, CLI_HINTS);
    if (!info) return undefined;
    ready += info.messageCount;
  }
  return ready;
}

/** 0 when every message was confirmed (or Ctrl+C stopped the run); else why not. */
function exitCodeOf(
  flags: ProduceFlags,
  result: PublishResult,
  interrupted: boolean,
  limits: RefusingLimit[] = [],
): number {
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
  // Nacked by a queue's limit and none returned: the bindings are not the cause.
  const why = limits.length && result.returned === 0
    ? `nacked=${result.nacked}: refused by ${
      limits.map((l) => `${terminalSafe(l.setBy)} on '${terminalSafe(l.queue)}' (${l.limit})`)
        .join(", ")
    }`
    : `nacked=${result.nacked}, returned=${result.returned}: returned means unroutable, ${
      unroutableBecause(flags)
    }`;
  console.error(
    `produce: ${formatInteger(missing)} of ${
      formatInteger(flags.count)
    } messages were not confirmed (${why})`,
  );
  return 1;
}

/** Why a message of this run can come back unroutable, in the terms of its exchange type. */
function unroutableBecause(flags: ProduceFlags): string {
  const exchange = terminalSafe(flags.exchange);
  if (flags.exchangeType === "headers") {
    return `no queue is bound to '${exchange}' with headers these messages match`;
  }
  if (flags.exchangeType === "fanout") return `no queue is bound to '${exchange}'`;
  return `no queue is bound to '${exchange}' with a key that matches routing key '${
    terminalSafe(flags.routingKey)
  }'`;
}

/**
 * `--protocol stream`: declares the topology over AMQP as always (the stream with its
 * arguments), then publishes into the stream over the stream protocol with deduplication.
 */
async function produceOverStream(flags: ProduceFlags): Promise<number> {
  const topology = topologyOf(flags, { priority: false });
  const runId = newRunId();
  const link = new CliLink({
    script: "produce",
    broker: flags.broker,
    name: `produce ${flags.producerId}`,
    resumes: "declaring the topology again",
    prepare: async (conn) => void await declareTopology(conn, topology, CLI_HINTS),
  });
  try {
    await prepareQueues(await link.connect(), flags, [topology]);
  } finally {
    await link.close();
  }
  const endpoint = await resolveStreamEndpoint(flags, flags.broker);
  const producerName = flags.producerName ?? `produce-${runId}`;
  console.error(
    `produce: publishing to stream '${terminalSafe(flags.queue)}' over the stream protocol (${
      terminalSafe(endpoint.host)
    }:${endpoint.port}) as '${
      terminalSafe(producerName)
    }', deduplicated by the broker; the exchange and the audit queue are not involved`,
  );
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  try {
    const result = await publishOverStream(flags, { endpoint, producerName, runId, stop });
    printStreamSummary(flags, result, runId);
    if (result.error) throw new UserError(result.error);
    const missing = flags.count - result.confirmed;
    if (missing <= 0 || stop.signal.aborted) return 0;
    console.error(
      `produce: ${formatInteger(missing)} of ${
        formatInteger(flags.count)
      } messages were not confirmed (refused by the broker: ${result.errors})`,
    );
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
  }
}

async function publishOverStream(
  flags: ProduceFlags,
  run: { endpoint: StreamEndpoint; producerName: string; runId: string; stop: AbortController },
): Promise<StreamPublishResult> {
  const progress = new ProgressReporter({
    label: "published",
    total: flags.count,
    every: flags.progressEvery,
    tty: Deno.stderr.isTerminal(),
  });
  const started = performance.now();
  const result = await new StreamPublishRun({
    connect: () =>
      StreamConnection.connect({ ...run.endpoint, connectionName: `produce ${flags.producerId}` }),
    stream: flags.queue,
    producerName: run.producerName,
    count: flags.count,
    template: new StreamMessageTemplate({
      producerId: flags.producerId,
      host: Deno.hostname(),
      runId: run.runId,
      contentType: "text/plain",
      extraHeaders: flags.header,
      body: flags.size !== undefined
        ? new Uint8Array(flags.size).fill(0x78)
        : new TextEncoder().encode(flags.text),
    }),
    window: flags.confirmWindow,
    signal: run.stop.signal,
    reconnectTimeoutMs: flags.broker.reconnectTimeout * 1000,
    progressEvery: progress.interval,
    onProgress: (confirmed) => progress.update(confirmed, (performance.now() - started) / 1000),
    onReconnect: (error) =>
      console.error(
        `produce: stream connection lost (${terminalSafe(error.message)}); reconnecting`,
      ),
  }).run();
  progress.finish();
  if (result.republished > 0) {
    console.error(
      `produce: ${result.republished} messages were published again after reconnecting; the broker stored each once (deduplication)`,
    );
  }
  return result;
}

function printStreamSummary(flags: ProduceFlags, result: StreamPublishResult, runId: string) {
  const summary: ProduceSummary = {
    published: result.published,
    confirmed: result.confirmed,
    nacked: result.errors,
    returned: 0,
    seconds: Number(result.seconds.toFixed(3)),
    rate: Math.round(result.rate),
    queue: flags.queue,
    in_queue_ready: null,
    run_id: runId,
    protocol: "stream",
    republished: result.republished,
  };
  console.log(flags.json ? terminalJson(summary) : formatProduceSummary(summary));
}

if (import.meta.main) runCli("produce", () => produce(Deno.args));
