/**
 * The topology every run uses: a durable exchange, a work queue and an audit queue bound to it
 * with the same routing key (so one publish lands in both), and, for messages that keep
 * failing, a dead-letter exchange and queue per work queue.
 */
import type { AMQPChannel, AMQPClient } from "@cloudamqp/amqp-client";
import { explainBrokerError } from "./broker_errors.ts";
import { UserError } from "../errors.ts";

/** Exchange types the broker offers out of the box. */
export const EXCHANGE_TYPES = ["direct", "fanout", "topic", "headers"] as const;
/** One of {@linkcode EXCHANGE_TYPES}. */
export type ExchangeType = typeof EXCHANGE_TYPES[number];
/** Queue types produce and consume can declare. */
export const QUEUE_TYPES = ["classic", "quorum", "stream"] as const;
/** One of {@linkcode QUEUE_TYPES}. */
export type QueueType = typeof QUEUE_TYPES[number];
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
}

/** The whole topology of a produce run. */
export interface Topology extends QueueShape {
  /** The exchange to publish to; "" is the default exchange (routes by queue name). */
  exchange: string;
  /** Direct, fanout, topic or headers. */
  exchangeType: ExchangeType;
  /** The key both queues are bound with. */
  routingKey: string;
  /** The work queue. */
  queue: string;
  /** Empty: no audit copy. */
  auditQueue: string;
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
  return args;
}

/**
 * Checks a queue shape for combinations the broker refuses, before anything is declared.
 * Returns the shape with what is implied filled in (quorum queues and streams are always
 * durable).
 */
export function checkQueueShape(shape: QueueShape): QueueShape {
  if (shape.queueType !== "classic") {
    const kind = shape.queueType === "quorum" ? "quorum queues" : "streams";
    if (shape.lazy) {
      throw new UserError(
        `--lazy applies to classic queues only; ${kind} keep their messages on disk already (drop --lazy)`,
      );
    }
    if (shape.priority) {
      throw new UserError(
        `--priority needs a classic queue; ${kind} do not take x-max-priority`,
      );
    }
    return { ...shape, durable: true };
  }
  return shape;
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
): Promise<T> {
  const ch = await conn.channel();
  try {
    return await step(ch);
  } catch (error) {
    throw new UserError(explainBrokerError(error), { cause: error });
  } finally {
    if (!ch.closed) await ch.close().catch(() => {});
  }
}

/**
 * Declares the exchange (always durable: it costs nothing per message and lets durable and
 * transient runs share it), the work and audit queues, and their bindings. Idempotent; a
 * mismatch with what exists is explained in a {@linkcode UserError}.
 */
export async function declareTopology(conn: AMQPClient, topology: Topology): Promise<void> {
  const shape = checkQueueShape(topology);
  // The default exchange ('') exists already and routes by queue name: nothing to bind.
  const defaultExchange = topology.exchange === "";
  await onChannel(conn, async (ch) => {
    if (!defaultExchange) {
      await ch.exchangeDeclare(topology.exchange, topology.exchangeType, { durable: true });
    }
    const args = queueArguments(shape);
    for (const queue of [topology.queue, topology.auditQueue].filter(Boolean)) {
      await ch.queueDeclare(queue, { durable: shape.durable }, args);
      if (!defaultExchange) await ch.queueBind(queue, topology.exchange, topology.routingKey);
    }
  });
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

/** Message and consumer counts of a queue, or `undefined` when it does not exist. */
export async function inspectQueue(
  conn: AMQPClient,
  queue: string,
): Promise<{ messageCount: number; consumerCount: number } | undefined> {
  const ch = await conn.channel();
  try {
    const ok = await ch.queueDeclare(queue, { passive: true });
    return { messageCount: ok.messageCount, consumerCount: ok.consumerCount };
  } catch (error) {
    if (error instanceof Error && error.message.includes("NOT_FOUND")) return undefined;
    throw new UserError(explainBrokerError(error, { queue }), { cause: error });
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
): Promise<{ exchange: string; queue: string }> {
  const names = deadLetterNames(queue);
  await onChannel(conn, async (ch) => {
    await ch.exchangeDeclare(names.exchange, "fanout", { durable: true });
    await ch.queueDeclare(names.queue, { durable: true });
    await ch.queueBind(names.queue, names.exchange, "");
  });
  return names;
}
