/**
 * The topology every run uses: a durable exchange, a work queue and an audit queue bound to it
 * with the same binding (so one publish lands in both), and, for messages that keep failing or
 * expire, a dead-letter exchange and queue per work queue.
 */
import type { AMQPChannel, AMQPClient } from "../deps.ts";
import {
  type ArgumentMismatch,
  type ErrorHints,
  explainBrokerError,
  parseArgumentMismatch,
  type ShapeWords,
} from "./broker_errors.ts";
import { type BrokerVersion, brokerVersionOf, versionAtLeast } from "./broker_version.ts";
import { UserError } from "../errors.ts";
import { messageOf } from "../_util/mod.ts";
import { terminalSafe } from "../shared/terminal_text.ts";

/** Exchange types the broker offers out of the box. */
export const EXCHANGE_TYPES = ["direct", "fanout", "topic", "headers"] as const;
/** One of {@linkcode EXCHANGE_TYPES}. */
export type ExchangeType = typeof EXCHANGE_TYPES[number];
/** Queue types produce and consume can declare. */
export const QUEUE_TYPES = ["classic", "quorum", "stream"] as const;
/** One of {@linkcode QUEUE_TYPES}. */
export type QueueType = typeof QUEUE_TYPES[number];
/** The longest TTL or expiration the broker accepts, in ms (2^32 - 1, about 49 days). */
export const MAX_TTL_MS = 2 ** 32 - 1;
/** Priority queues are declared with this many levels (0 to 10). */
export const MAX_PRIORITY = 10;

/** How queues are declared when this run creates them. */
export interface QueueShape {
  /** Survives a broker restart (quorum queues and streams always do). */
  durable: boolean;
  /** Classic queues only: keep messages on disk early (`x-queue-mode=lazy`). */
  lazy: boolean;
  /** Classic, quorum or stream. */
  queueType: QueueType;
  /** Declare priority queues (x-max-priority). */
  priority: boolean;
  /**
   * Classic queues only: the storage format (`x-queue-version`, RabbitMQ 3.10+); version 2
   * writes persistent messages with less work. Absent: the broker's default.
   */
  queueVersion?: QueueVersion;
  /**
   * Quorum queues only: deliveries of one message before it is dropped or dead-lettered
   * (`x-delivery-limit`). Absent: the broker's default (20 since RabbitMQ 4.0, none before).
   */
  deliveryLimit?: number;
}

const PLAIN_SHAPE_WORDS: ShapeWords = {
  transient: "a non-durable declare",
  lazy: "lazy mode",
  priority: "priority",
  queueVersion: "a queue version",
  deliveryLimit: "a delivery limit",
};

/** The storage formats of classic queues. */
export const QUEUE_VERSIONS = ["1", "2"] as const;
/** A classic queue's storage format. */
export type QueueVersion = 1 | 2;

/** What only the work queue has: dead-lettering and a message TTL (the audit queue keeps all). */
export interface WorkQueueOptions {
  /**
   * Point the work queue's `x-dead-letter-exchange` at `<queue>.dlx`, bound to `<queue>.dlq`:
   * a message any client rejects without requeueing, or one that expires, lands there with
   * its `x-death` history.
   */
  deadLetter?: boolean;
  /** `x-message-ttl`: messages older than this many ms expire (to the DLQ with `deadLetter`). */
  messageTtlMs?: number;
}

/** Which settings of an existing queue a run insists on; the others it takes as they are. */
export interface AskedSettings {
  /**
   * The queue settings this run asks for, by the broker's name for them (`durable`,
   * `x-queue-type`, `x-message-ttl`, …). An existing queue that differs only in other
   * settings is used as it is, and a note says how it differs; one that differs in an asked
   * setting is refused and explained. Absent: every setting is asked for.
   */
  asked?: ReadonlySet<string>;
}

/** How a headers exchange matches a binding's headers: every one, or any one. */
export type HeaderMatch = "all" | "any";

/** The whole topology of a produce run. */
export interface Topology extends QueueShape, WorkQueueOptions, AskedSettings {
  /** The exchange to publish to; "" is the default exchange (routes by queue name). */
  exchange: string;
  /** Direct, fanout, topic or headers. */
  exchangeType: ExchangeType;
  /** The routing key of each message; also the binding key unless `bindingKey` is given. */
  routingKey: string;
  /** The key (or topic pattern, such as `logs.*`) both queues are bound with. */
  bindingKey?: string;
  /** A headers exchange: the headers a message must carry to match the bindings. */
  bindHeaders?: Record<string, string>;
  /** A headers exchange: match all of `bindHeaders` (the default) or any one. */
  match?: HeaderMatch;
  /** The work queue. */
  queue: string;
  /** Empty: no audit copy. */
  auditQueue: string;
  /** The audit queue's type, when it differs from the work queue's (a stream, for replays). */
  auditQueueType?: QueueType;
  /**
   * Declare the exchange non-durable (as the aio-pika tutorials do). Default: durable. An
   * exchange that exists is used with the durability it has.
   */
  transientExchange?: boolean;
}

/**
 * The arguments a queue of this shape is declared with.
 *
 * @example
 * ```ts
 * queueArguments({ durable: true, lazy: true, queueType: "classic", priority: false });
 * // { "x-queue-mode": "lazy" }
 * ```
 */
export function queueArguments(shape: QueueShape): Record<string, string | number> {
  const args: Record<string, string | number> = {};
  if (shape.queueType !== "classic") args["x-queue-type"] = shape.queueType;
  if (shape.lazy) args["x-queue-mode"] = "lazy";
  if (shape.priority) args["x-max-priority"] = MAX_PRIORITY;
  if (shape.queueVersion !== undefined) args["x-queue-version"] = shape.queueVersion;
  if (shape.deliveryLimit !== undefined) args["x-delivery-limit"] = shape.deliveryLimit;
  return args;
}

/**
 * Checks a queue shape for combinations the broker refuses, before anything is declared.
 * Returns the shape with what is implied filled in (quorum queues and streams are always
 * durable). `words` names the settings as the caller's user sets them (a script: its flags).
 *
 * @example
 * ```ts
 * checkQueueShape({ durable: false, lazy: false, queueType: "quorum", priority: false }).durable;
 * // true
 * ```
 */
export function checkQueueShape(
  shape: QueueShape,
  words: ShapeWords = PLAIN_SHAPE_WORDS,
): QueueShape {
  if (shape.deliveryLimit !== undefined && shape.queueType !== "quorum") {
    throw new UserError(
      `${words.deliveryLimit} applies to quorum queues only; ${
        shape.queueType === "classic" ? "classic queues" : "streams"
      } take no x-delivery-limit (drop ${words.deliveryLimit}, or declare quorum queues)`,
    );
  }
  if (shape.queueType !== "classic") {
    const kind = shape.queueType === "quorum" ? "quorum queues" : "streams";
    if (shape.queueVersion !== undefined) {
      throw new UserError(
        `${words.queueVersion} applies to classic queues only; ${kind} have a storage of their own (drop ${words.queueVersion})`,
      );
    }
    if (shape.lazy) {
      throw new UserError(
        `${words.lazy} applies to classic queues only; ${kind} keep their messages on disk already (drop ${words.lazy})`,
      );
    }
    if (shape.priority) {
      throw new UserError(
        `${words.priority} needs a classic queue; ${kind} do not take x-max-priority`,
      );
    }
    return { ...shape, durable: true };
  }
  return shape;
}

/**
 * The arguments the work queue is declared with: its shape's, plus dead-lettering and TTL.
 *
 * @example
 * ```ts
 * workQueueArguments({ queue: "orders", durable: true, lazy: false, queueType: "classic",
 *   priority: false, deadLetter: true, messageTtlMs: 60_000 });
 * // { "x-dead-letter-exchange": "orders.dlx", "x-message-ttl": 60000 }
 * ```
 */
export function workQueueArguments(
  work: QueueShape & WorkQueueOptions & { queue: string },
): Record<string, string | number> {
  const args = queueArguments(work);
  if (work.deadLetter) args["x-dead-letter-exchange"] = deadLetterNames(work.queue).exchange;
  if (work.messageTtlMs !== undefined) args["x-message-ttl"] = work.messageTtlMs;
  return args;
}

/**
 * The topology split over `count` work queues: queue i (from 1) is `<queue>.i`, reached by the
 * routing key `<routingKey>.i` (by its own name through the default exchange); the audit queue,
 * bound with every key, still gets a copy of each message. One queue (`count` 1) is the
 * topology as it is. For exchanges that route by key (direct, topic, the default exchange),
 * without a binding key of their own: spreading by key means nothing to the others.
 *
 * @example
 * ```ts
 * spreadTopology({ ...topology, queue: "work", routingKey: "job" }, 2).map((t) => t.queue);
 * // ["work.1", "work.2"], routed by "job.1" and "job.2"
 * ```
 */
export function spreadTopology(topology: Topology, count: number): Topology[] {
  if (count === 1) return [topology];
  return Array.from({ length: count }, (_, i) => {
    const queue = `${topology.queue}.${i + 1}`;
    const routingKey = topology.exchange === "" ? queue : `${topology.routingKey}.${i + 1}`;
    return { ...topology, queue, routingKey };
  });
}

/**
 * The key and arguments the queues are bound with: the binding key (the routing key when
 * none is given), and for a headers exchange `x-match` with the headers to match.
 *
 * @example
 * ```ts
 * bindingOf({ exchangeType: "headers", routingKey: "", bindHeaders: { region: "eu" } });
 * // { key: "", args: { "x-match": "all", region: "eu" } }
 * ```
 */
export function bindingOf(
  topology: Pick<Topology, "exchangeType" | "routingKey" | "bindingKey" | "bindHeaders" | "match">,
): { key: string; args: Record<string, string> } {
  const key = topology.bindingKey ?? topology.routingKey;
  if (topology.exchangeType !== "headers") return { key, args: {} };
  return { key, args: { "x-match": topology.match ?? "all", ...topology.bindHeaders } };
}

/**
 * The audit queue's shape: the work queue's, in its own type. Laziness and priorities are
 * classic-only, so an audit stream or quorum queue leaves them out (and is always durable).
 *
 * @example
 * ```ts
 * auditQueueShape({ durable: false, lazy: true, queueType: "classic", priority: false,
 *   auditQueueType: "stream" });
 * // { durable: true, lazy: false, queueType: "stream", priority: false }
 * ```
 */
export function auditQueueShape(
  topology: QueueShape & { auditQueueType?: QueueType },
): QueueShape {
  const queueType = topology.auditQueueType ?? topology.queueType;
  const classic = queueType === "classic";
  return checkQueueShape({
    durable: topology.durable,
    lazy: classic && topology.lazy,
    priority: classic && topology.priority,
    queueVersion: classic ? topology.queueVersion : undefined,
    deliveryLimit: queueType === "quorum" ? topology.deliveryLimit : undefined,
    queueType,
  });
}

/** The dead-letter exchange and queue that belong to a work queue. */
export function deadLetterNames(queue: string): { exchange: string; queue: string } {
  return { exchange: `${queue}.dlx`, queue: `${queue}.dlq` };
}

/**
 * Runs one declare step on a fresh channel, so a refusal (which closes the channel) is
 * explained and leaves the connection usable.
 */
async function onChannel<T>(
  conn: AMQPClient,
  step: (ch: AMQPChannel) => Promise<T>,
  hints?: ErrorHints,
): Promise<T> {
  const ch = await conn.channel();
  try {
    return await step(ch);
  } catch (error) {
    throw new UserError(explainBrokerError(error, { hints }), { cause: error });
  } finally {
    if (!ch.closed) await ch.close().catch(() => {});
  }
}

/**
 * What the broker's version changes in a queue shape, and what to tell the user about it:
 * - lazy mode on RabbitMQ 3.12 and later: classic queues keep messages on disk already and
 *   `x-queue-mode` is ignored, so it is left out (a note says so);
 * - classic queue storage version 1 on 4.0 and later: removed, refused in one line;
 * - a non-durable classic queue: deprecated since 4.0 (`transient_nonexcl_queues`), which a
 *   note says on every version, so a run on 3.x learns it before it moves.
 *
 * @example
 * ```ts
 * shapeForBroker({ durable: true, lazy: true, queueType: "classic", priority: false },
 *   parseBrokerVersion("4.3.6")).notes;
 * // ["lazy mode does nothing on RabbitMQ 4.3.6 (classic queues keep …); declared without x-queue-mode"]
 * ```
 */
export function shapeForBroker(
  shape: QueueShape,
  version: BrokerVersion | undefined,
  words: ShapeWords = PLAIN_SHAPE_WORDS,
): { shape: QueueShape; notes: string[] } {
  const notes: string[] = [];
  if (shape.queueVersion === 1 && versionAtLeast(version, "4.0")) {
    throw new UserError(
      `${words.queueVersion} 1 is not available on RabbitMQ ${
        version!.text
      }: classic queue storage version 1 was removed in 4.0 (drop ${words.queueVersion}, or use 2)`,
    );
  }
  if (shape.lazy && versionAtLeast(version, "3.12")) {
    notes.push(
      `${words.lazy} does nothing on RabbitMQ ${
        version!.text
      } (classic queues keep their messages on disk since 3.12); declared without x-queue-mode`,
    );
    shape = { ...shape, lazy: false };
  }
  if (!shape.durable && shape.queueType === "classic") notes.push(transientNote(version, words));
  return { shape, notes };
}

/** What a run that asks for non-durable queues is told, by the broker's version. */
function transientNote(version: BrokerVersion | undefined, words: ShapeWords): string {
  const where = versionAtLeast(version, "4.0")
    ? `are deprecated on RabbitMQ ${version!.text}`
    : "are deprecated from RabbitMQ 4.0 on";
  return `non-durable queues (${words.transient}) ${where} (transient_nonexcl_queues): a broker ` +
    `may deny them and a later release removes them; without ${words.transient} queues are durable`;
}

/**
 * Declares the exchange (durable unless `transientExchange`: it costs nothing per message and
 * lets durable and transient runs share it), the work and audit queues, their bindings and, with `deadLetter`,
 * the work queue's dead-letter exchange and queue (first, so nothing dead-letters into the
 * void). Idempotent; a mismatch with what exists is explained in a {@linkcode UserError}.
 * Returns what the broker's version changed (see {@linkcode shapeForBroker}), to tell the user.
 */
export async function declareTopology(
  conn: AMQPClient,
  topology: Topology,
  hints?: ErrorHints,
): Promise<string[]> {
  const words = hints?.shapeWords;
  const version = brokerVersionOf(conn);
  const work = shapeForBroker(checkQueueShape(topology, words), version, words);
  const audit = shapeForBroker(auditQueueShape(topology), version, words);
  if (topology.deadLetter) await declareDeadLetter(conn, topology.queue, hints);
  // The default exchange ('') exists already and routes by queue name: nothing to bind.
  const defaultExchange = topology.exchange === "";
  const notes: string[] = [];
  if (!defaultExchange) {
    const note = await declareExchange(conn, {
      name: topology.exchange,
      type: topology.exchangeType,
      durable: !topology.transientExchange,
    }, hints);
    if (note) notes.push(note);
  }
  const queues = [{
    name: topology.queue,
    durable: work.shape.durable,
    args: workQueueArguments({ ...topology, ...work.shape }),
    asked: topology.asked,
  }, {
    name: topology.auditQueue,
    durable: audit.shape.durable,
    args: queueArguments(audit.shape),
    asked: auditAsked(topology),
  }];
  const binding = bindingOf(topology);
  for (const queue of queues.filter((q) => q.name)) {
    const note = await declareQueue(conn, queue, hints);
    if (note) notes.push(note);
    if (defaultExchange) continue;
    await onChannel(
      conn,
      (ch) => ch.queueBind(queue.name, topology.exchange, binding.key, binding.args),
      hints,
    );
  }
  return [...new Set([...work.notes, ...audit.notes, ...notes])];
}

/**
 * What the audit queue insists on: the work queue's settings less dead-lettering and TTL (the
 * work queue's alone), and its type only when it has a type of its own.
 */
function auditAsked(topology: Topology): ReadonlySet<string> | undefined {
  if (!topology.asked) return undefined;
  const asked = new Set(topology.asked);
  asked.delete("x-dead-letter-exchange");
  asked.delete("x-message-ttl");
  if (topology.auditQueueType !== undefined) asked.add("x-queue-type");
  return asked;
}
/**
 * Declares the exchange with the durability asked for, or uses it as it is when it exists with
 * the other one (another client made it so, as the aio-pika tutorials do): durability does not
 * change routing. A different type does, and is explained. Returns a note when the exchange
 * was used as it is.
 */
async function declareExchange(
  conn: AMQPClient,
  exchange: { name: string; type: ExchangeType; durable: boolean },
  hints?: ErrorHints,
): Promise<string | undefined> {
  const declare = (durable: boolean) =>
    onChannel(
      conn,
      (ch) => ch.exchangeDeclare(exchange.name, exchange.type, { durable }),
      hints,
    );
  try {
    await declare(exchange.durable);
    return undefined;
  } catch (error) {
    const mismatch = mismatchOf(error);
    if (mismatch?.kind !== "exchange" || mismatch.argument !== "durable") throw error;
    await declare(!exchange.durable); // a type that differs too is refused here, and explained
    const name = terminalSafe(exchange.name); // said on a terminal
    return exchange.durable
      ? `exchange '${name}' exists non-durable: used as it is (it is lost if the broker restarts)`
      : `exchange '${name}' exists durable: used as it is`;
  }
}

/** The broker's "inequivalent arg" refusal behind an explained error of `onChannel`, if it is one. */
function mismatchOf(error: unknown) {
  return parseArgumentMismatch(messageOf(error instanceof UserError ? error.cause : error));
}

/** A queue to declare, and which of its settings the run insists on. */
interface QueueDeclare extends AskedSettings {
  name: string;
  durable: boolean;
  args: Record<string, string | number>;
}

/**
 * Declares one queue. Where it exists with other settings, each one the run does not insist
 * on (see {@linkcode AskedSettings}) is taken as the queue has it, one refusal at a time (the
 * broker names one difference per refusal), and a note says so; a difference in an asked
 * setting is thrown, explained. A queue that exists in lazy mode is declared as it is where
 * lazy mode was left out for the broker's version (see {@linkcode shapeForBroker}): the mode
 * does nothing there, and asking without it would be refused.
 */
async function declareQueue(
  conn: AMQPClient,
  queue: QueueDeclare,
  hints?: ErrorHints,
): Promise<string | undefined> {
  let durable = queue.durable;
  const args: Record<string, string | number | boolean> = { ...queue.args };
  const taken: ArgumentMismatch[] = [];
  for (;;) {
    try {
      await onChannel(conn, (ch) => ch.queueDeclare(queue.name, { durable }, args), hints);
      return taken.length ? usedAsItIs(queue.name, taken) : undefined;
    } catch (error) {
      const mismatch = mismatchOf(error);
      if (mismatch?.kind !== "queue" || mismatch.existing === undefined) throw error;
      // Taken once already and still refused: the broker sees it otherwise than we read it.
      if (taken.some((t) => t.argument === mismatch.argument)) throw error;
      const existingLazy = mismatch.argument === "x-queue-mode" &&
        mismatch.existing === "lazy" && versionAtLeast(brokerVersionOf(conn), "3.12");
      const free = queue.asked !== undefined && !queue.asked.has(mismatch.argument);
      if (!existingLazy && !free) throw error;
      if (mismatch.argument === "durable") durable = mismatch.existing === true;
      else if (mismatch.existing === null) delete args[mismatch.argument];
      else args[mismatch.argument] = mismatch.existing;
      if (!existingLazy) taken.push(mismatch);
    }
  }
}

/**
 * The note for a queue used as it is: `queue 'task_queue' exists as a quorum queue: used as it
 * is`, `queue 'hello' exists non-durable: used as it is (it is lost if the broker restarts)`.
 */
function usedAsItIs(name: string, taken: ArgumentMismatch[]): string {
  const how = taken.map((t) => {
    if (t.argument === "durable") return t.existing ? "durable" : "non-durable";
    if (t.argument === "x-queue-type" && typeof t.existing === "string") {
      return `as a ${t.existing} queue`;
    }
    return t.existing === null ? `without ${t.argument}` : `with ${t.argument}=${t.existing}`;
  });
  const lost = taken.some((t) => t.argument === "durable" && t.existing === false)
    ? " (it is lost if the broker restarts)"
    : "";
  // Said on a terminal: the name is another client's.
  return `queue '${terminalSafe(name)}' exists ${how.join(", ")}: used as it is${lost}`;
}

/**
 * Declares only the work queue (and, with `deadLetter`, its dead-letter pair), leaving exchanges
 * and bindings alone: how a consumer checks that an existing queue dead-letters and expires as
 * asked. A queue declared otherwise is explained in a {@linkcode UserError}. Returns what the
 * broker's version changed, to tell the user.
 */
export async function declareWorkQueue(
  conn: AMQPClient,
  work: QueueShape & WorkQueueOptions & AskedSettings & { queue: string },
  hints?: ErrorHints,
): Promise<string[]> {
  const words = hints?.shapeWords;
  const { shape, notes } = shapeForBroker(
    checkQueueShape(work, words),
    brokerVersionOf(conn),
    words,
  );
  if (work.deadLetter) await declareDeadLetter(conn, work.queue, hints);
  const note = await declareQueue(conn, {
    name: work.queue,
    durable: shape.durable,
    args: workQueueArguments({ ...work, ...shape }),
    asked: work.asked,
  }, hints);
  return note ? [...notes, note] : notes;
}

/** Empties the named queues; returns how many messages each held. */
export async function purgeQueues(
  conn: AMQPClient,
  queues: string[],
): Promise<Record<string, number>> {
  return await onChannel(conn, async (ch) => {
    const purged: Record<string, number> = {};
    for (const queue of queues) purged[queue] = (await ch.queuePurge(queue)).messageCount;
    return purged;
  });
}

/** Deletes a queue; returns how many messages it held. */
export async function deleteQueue(conn: AMQPClient, queue: string): Promise<number> {
  return await onChannel(conn, async (ch) => (await ch.queueDelete(queue)).messageCount);
}

/** Message and consumer counts of a queue, or `undefined` when it does not exist. */
export async function inspectQueue(
  conn: AMQPClient,
  queue: string,
  hints?: ErrorHints,
): Promise<{ messageCount: number; consumerCount: number } | undefined> {
  const ch = await conn.channel();
  try {
    const ok = await ch.queueDeclare(queue, { passive: true });
    return { messageCount: ok.messageCount, consumerCount: ok.consumerCount };
  } catch (error) {
    if (error instanceof Error && error.message.includes("NOT_FOUND")) return undefined;
    throw new UserError(explainBrokerError(error, { queue, hints }), { cause: error });
  } finally {
    if (!ch.closed) await ch.close().catch(() => {});
  }
}

/**
 * Declares the dead-letter exchange (fanout, so any routing key lands) and queue of a work
 * queue, both durable: a dead letter is kept until someone looks at it.
 */
export async function declareDeadLetter(
  conn: AMQPClient,
  queue: string,
  hints?: ErrorHints,
): Promise<{ exchange: string; queue: string }> {
  const names = deadLetterNames(queue);
  await onChannel(conn, async (ch) => {
    await ch.exchangeDeclare(names.exchange, "fanout", { durable: true });
    await ch.queueDeclare(names.queue, { durable: true });
    await ch.queueBind(names.queue, names.exchange, "");
  }, hints);
  return names;
}

/**
 * Makes sure a dead-letter queue of the caller's naming exists: used as it is when it does
 * (whatever its type and arguments), else declared durable (a dead letter is kept until
 * someone looks at it).
 */
export async function declareDeadLetterQueue(
  conn: AMQPClient,
  queue: string,
  hints?: ErrorHints,
): Promise<void> {
  if (await inspectQueue(conn, queue, hints)) return;
  await onChannel(conn, (ch) => ch.queueDeclare(queue, { durable: true }), hints);
}

/**
 * The delay queue that holds a retry of `queue`'s messages for `delayMs`.
 *
 * @example
 * ```ts
 * retryQueueName("orders", 2000); // "orders.retry.2000"
 * ```
 */
export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}`;
}

/**
 * Declares the delay queue for retries of `queue` after `delayMs`: a durable queue with that
 * message TTL whose expired messages dead-letter back to `queue` through the default exchange.
 * A retry waiting there survives a crash of the consumer (and, persistent, of the broker), and
 * one queue per delay keeps every message's wait exact (a TTL queue expires only its head).
 */
export async function declareRetryQueue(
  conn: AMQPClient,
  queue: string,
  delayMs: number,
): Promise<string> {
  const name = retryQueueName(queue, delayMs);
  await onChannel(conn, (ch) =>
    ch.queueDeclare(name, { durable: true }, {
      "x-message-ttl": delayMs,
      "x-dead-letter-exchange": "",
      "x-dead-letter-routing-key": queue,
    }));
  return name;
}
