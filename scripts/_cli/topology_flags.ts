/**
 * The topology flag group: the exchange, how messages are routed, the work queue and its shape.
 * produce declares what these flags describe; consume takes the same flags and declares the
 * same, when its queue does not exist yet. The audit copy's flags are produce's alone.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import {
  checkQueueShape,
  EXCHANGE_TYPES,
  type ExchangeType,
  type HeaderMatch,
  MAX_TTL_MS,
  QUEUE_TYPES,
  QUEUE_VERSIONS,
  type QueueType,
  type QueueVersion,
  type Topology,
} from "../../lib/amqp/mod.ts";
import { TOPOLOGY_DEFAULTS } from "../../lib/config.ts";
import { UserError } from "../../lib/errors.ts";
import { integer, keyValue } from "./flags.ts";
import { SHAPE_FLAGS } from "./hints.ts";

/** The topology flags as commander parsed them. */
export interface TopologyFlagValues {
  exchange: string;
  exchangeType: ExchangeType;
  transientExchange: boolean;
  routingKey: string;
  bindingKey?: string;
  bindHeader?: Record<string, string>;
  match?: HeaderMatch;
  queue: string;
  durable: boolean;
  transientQueues: boolean;
  lazy: boolean;
  queueType: QueueType;
  queueVersion?: QueueVersion;
  deliveryLimit?: number;
  deadLetter: boolean;
  messageTtl?: number;
  /**
   * The queue settings the flags given ask for (see {@linkcode askedSettings}): an existing
   * queue is taken as it is in every other. Absent: every setting is asked for.
   */
  asked?: ReadonlySet<string>;
}

/** The audit copy's flags (produce). */
export interface AuditFlagValues {
  auditQueue: string;
  auditQueueType?: QueueType;
}

/**
 * Adds the topology flags.
 *
 * @example
 * ```ts
 * addTopologyFlags(command("consume", "…"));
 * ```
 */
export function addTopologyFlags(program: Command): Command {
  for (const flag of [...exchangeFlags(), ...routingFlags(), ...queueFlags()]) {
    program.addOption(flag.helpGroup("Topology:"));
  }
  return program;
}

/**
 * Adds `--audit-queue` and `--audit-queue-type`.
 *
 * @example
 * ```ts
 * addAuditFlags(command("produce", "…"));
 * ```
 */
export function addAuditFlags(program: Command): Command {
  return program
    .addOption(
      new Option(
        "--audit-queue <name>",
        "audit queue that gets a copy of every message ('' for none)",
      ).default(TOPOLOGY_DEFAULTS.auditQueue).helpGroup("Audit copy:"),
    )
    .addOption(
      new Option(
        "--audit-queue-type <type>",
        "type of the audit queue (stream: kept for replays from any point) (default: --queue-type)",
      ).choices(QUEUE_TYPES).helpGroup("Audit copy:"),
    );
}

function exchangeFlags(): Option[] {
  return [
    new Option(
      "--exchange <name>",
      "exchange messages are published to ('' for the default exchange: routing key = --queue, no audit copy)",
    ).default(TOPOLOGY_DEFAULTS.exchange),
    new Option("--exchange-type <type>", "type of the exchange").choices(EXCHANGE_TYPES)
      .default(TOPOLOGY_DEFAULTS.exchangeType),
    new Option(
      "--transient-exchange",
      "declare the exchange non-durable, as the aio-pika tutorials do (an existing exchange is used as it is)",
    ).default(false),
  ];
}

function routingFlags(): Option[] {
  return [
    new Option(
      "--routing-key <key>",
      "routing key of every message (and of the queues' bindings unless --binding-key is given)",
    ).default(TOPOLOGY_DEFAULTS.routingKey),
    new Option(
      "--binding-key <key>",
      "key or topic pattern (logs.*, logs.#) the queues are bound with (default: --routing-key)",
    ),
    new Option(
      "--bind-header <name=value>",
      "headers exchange: bind the queues to messages with this header (repeatable) (default: none)",
    ).argParser(keyValue),
    new Option(
      "--match <how>",
      "headers exchange: a message matches all --bind-header or any (default: all)",
    ).choices(["all", "any"]),
  ];
}

function queueFlags(): Option[] {
  return [
    new Option("--queue <name>", "the work queue: produce publishes into it, consume takes from it")
      .default(TOPOLOGY_DEFAULTS.queue),
    durableFlag(),
    new Option(
      "--transient-queues",
      "declare the queues non-durable (deprecated in RabbitMQ 4.x: transient_nonexcl_queues)",
    ).default(false),
    new Option("--lazy", "lazy classic queues (x-queue-mode=lazy): messages go to disk early")
      .default(false),
    new Option(
      "--queue-type <type>",
      "type of the queues (quorum and stream keep every message on disk)",
    ).choices(QUEUE_TYPES).default("classic"),
    queueVersionFlag(),
    new Option(
      "--delivery-limit <n>",
      "quorum queues: deliveries of a message before it is dead-lettered or dropped (x-delivery-limit) (default: the broker's, 20 on RabbitMQ 4.x, unlimited on 3.x)",
    ).argParser(integer({ min: 1, max: 2 ** 31 - 1 })),
    new Option(
      "--dead-letter",
      "the work queue dead-letters (x-dead-letter-exchange) to <queue>.dlx -> <queue>.dlq; consume rejects spent retries into it",
    ).default(false),
    new Option(
      "--message-ttl <ms>",
      "the work queue expires messages older than this (default: never)",
    ).argParser(integer({ min: 0, max: MAX_TTL_MS })),
  ];
}

/**
 * `--durable`, as the tutorials' `durable=True` (produce, consume, bench).
 *
 * @example
 * ```ts
 * command("bench", "…").addOption(durableFlag());
 * ```
 */
export function durableFlag(): Option {
  return new Option(
    "--durable",
    "as the tutorials' durable=True: persistent messages (delivery_mode 2) in durable queues, kept across a broker restart (queues are durable either way)",
  ).default(false);
}

/**
 * `--queue-version <1|2>`, parsed to a number (produce, consume, bench).
 *
 * @example
 * ```ts
 * command("bench", "…").addOption(queueVersionFlag());
 * ```
 */
export function queueVersionFlag(): Option {
  return new Option(
    "--queue-version <version>",
    "classic queues' storage format (x-queue-version, RabbitMQ 3.10+; 2 is faster for persistent messages) (default: the broker's)",
  ).argParser(queueVersion);
}

/**
 * A `--queue-version` value, parsed to its number.
 *
 * @example
 * ```ts
 * queueVersion("2"); // 2
 * ```
 */
export function queueVersion(value: string): QueueVersion {
  if (!(QUEUE_VERSIONS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Allowed choices are ${QUEUE_VERSIONS.join(", ")}.`);
  }
  return Number(value) as QueueVersion;
}

/** Names (as commander keys them) of the topology flags, for scripts that ask which were given. */
export const TOPOLOGY_FLAG_KEYS: readonly string[] = [
  ...exchangeFlags(),
  ...routingFlags(),
  ...queueFlags(),
].map((flag) => flag.attributeName()).filter((key) => key !== "queue");

/** The queue setting (by the broker's name) each flag asks for when it is given. */
const SETTING_OF_FLAG: Readonly<Record<string, string>> = {
  durable: "durable",
  transientQueues: "durable",
  lazy: "x-queue-mode",
  queueType: "x-queue-type",
  queueVersion: "x-queue-version",
  deliveryLimit: "x-delivery-limit",
  deadLetter: "x-dead-letter-exchange",
  messageTtl: "x-message-ttl",
  priority: "x-max-priority",
};

/**
 * The queue settings the flags given on the command line (or by an environment variable) ask
 * for: a setting left at its default follows an existing queue, as the tutorials' own scripts
 * declared it (a quorum `task_queue`, a non-durable `hello`).
 *
 * @example
 * ```ts
 * askedSettings(program); // Set { "x-queue-type" } after --queue-type quorum
 * ```
 */
export function askedSettings(program: Command): Set<string> {
  const asked = new Set<string>();
  for (const [key, setting] of Object.entries(SETTING_OF_FLAG)) {
    const source = program.getOptionValueSource(key);
    if (source === "cli" || source === "env") asked.add(setting);
  }
  return asked;
}

/**
 * Checks the topology flags together; throws a `UserError` naming the flags. With the default
 * exchange (`--exchange ''`) the routing key becomes the queue's name, as the broker routes.
 *
 * @example
 * ```ts
 * checkTopologyFlags({ ...flags, exchange: "" }); // flags.routingKey is now flags.queue
 * ```
 */
export function checkTopologyFlags(
  flags: TopologyFlagValues & Partial<AuditFlagValues>,
  options: { priority: boolean },
): void {
  if (!flags.queue) throw new UserError("--queue must not be empty");
  if (flags.exchange === "") {
    // The default exchange routes by queue name, to that one queue: the tutorials' hello world.
    flags.routingKey = flags.queue;
    if (flags.auditQueue !== undefined) flags.auditQueue = "";
  }
  if (flags.auditQueue === flags.queue) {
    throw new UserError("--audit-queue must differ from --queue (or be '' for no audit copy)");
  }
  checkRouting(flags);
  checkQueueShape({ ...shapeOf(flags), priority: options.priority }, SHAPE_FLAGS);
  if (flags.queueType === "stream" && (flags.deadLetter || flags.messageTtl !== undefined)) {
    throw new UserError(
      "--dead-letter and --message-ttl need a classic or quorum queue: a stream keeps messages by its retention limits",
    );
  }
}

/** Routing flags that only mean something with some exchanges. */
function checkRouting(flags: TopologyFlagValues): void {
  const headersOnly = flags.bindHeader !== undefined || flags.match !== undefined;
  if (headersOnly && flags.exchangeType !== "headers") {
    throw new UserError("--bind-header and --match need --exchange-type headers");
  }
  if (flags.exchange === "" && (flags.bindingKey !== undefined || headersOnly)) {
    throw new UserError(
      "--binding-key, --bind-header and --match need an exchange: the default exchange ('') routes by queue name",
    );
  }
}

function shapeOf(flags: TopologyFlagValues) {
  return {
    durable: !flags.transientQueues,
    lazy: flags.lazy,
    queueType: flags.queueType,
    queueVersion: flags.queueVersion,
    deliveryLimit: flags.deliveryLimit,
  };
}

/**
 * The `Topology` these flags describe. Without the audit flags (consume), no audit queue.
 *
 * @example
 * ```ts
 * topologyOf(flags, { priority: false }).queue; // flags.queue
 * ```
 */
export function topologyOf(
  flags: TopologyFlagValues & Partial<AuditFlagValues>,
  options: { priority: boolean },
): Topology {
  return {
    ...shapeOf(flags),
    exchange: flags.exchange,
    exchangeType: flags.exchangeType,
    transientExchange: flags.transientExchange,
    routingKey: flags.routingKey,
    bindingKey: flags.bindingKey,
    bindHeaders: flags.bindHeader,
    match: flags.match,
    queue: flags.queue,
    auditQueue: flags.auditQueue ?? "",
    auditQueueType: flags.auditQueueType,
    priority: options.priority,
    deadLetter: flags.deadLetter,
    messageTtlMs: flags.messageTtl,
    asked: flags.asked,
  };
}
