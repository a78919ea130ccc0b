/** A drill's own exchange and queues: named for its run, declared durable, removed after. */
import type { AmqpEndpoint } from "../config.ts";
import {
  connect,
  declareTopology,
  deleteQueue,
  inspectQueue,
  type QueueType,
  type SafeAmqpClient,
} from "../amqp/mod.ts";
import type { DrillQueues } from "./message_flow.ts";

/**
 * The names of a drill run's exchange and queues: `<prefix>.<runId>.work` and `.audit`.
 *
 * @example
 * ```ts
 * drillQueues("drill.reliability", "3f9a1b2c4d").work; // "drill.reliability.3f9a1b2c4d.work"
 * ```
 */
export function drillQueues(prefix: string, runId: string, audit = true): DrillQueues {
  const base = `${prefix}.${runId}`;
  return {
    exchange: `${base}.x`,
    routingKey: "work",
    work: `${base}.work`,
    audit: audit ? `${base}.audit` : "",
  };
}

/** Runs `fn` on a short-lived connection to the first node that answers. */
export async function withBroker<T>(
  endpoints: readonly AmqpEndpoint[],
  fn: (conn: SafeAmqpClient) => Promise<T>,
): Promise<T> {
  const { client } = await connect({ endpoints, name: "drill setup", connectTimeoutMs: 30_000 });
  try {
    return await fn(client);
  } finally {
    await client.close().catch(() => {});
  }
}

/** Declares the run's durable exchange, work queue and audit queue, bound alike. */
export async function declareDrillQueues(
  endpoints: readonly AmqpEndpoint[],
  queues: DrillQueues,
  queueType: QueueType,
): Promise<void> {
  await withBroker(endpoints, (conn) =>
    declareTopology(conn, {
      exchange: queues.exchange,
      exchangeType: "direct",
      routingKey: queues.routingKey,
      queue: queues.work,
      auditQueue: queues.audit,
      durable: true,
      lazy: false,
      queueType,
      priority: false,
    }));
}

/** How many messages a queue holds (ready), or `undefined` when it does not exist. */
export async function depthOf(
  endpoints: readonly AmqpEndpoint[],
  queue: string,
): Promise<number | undefined> {
  return await withBroker(
    endpoints,
    async (conn) => (await inspectQueue(conn, queue))?.messageCount,
  );
}

/** Deletes the run's queues and exchange (what is left of them). */
export async function removeDrillQueues(
  endpoints: readonly AmqpEndpoint[],
  queues: DrillQueues,
): Promise<void> {
  await withBroker(endpoints, async (conn) => {
    for (const queue of [queues.work, queues.audit]) {
      if (queue) await deleteQueue(conn, queue).catch(() => {});
    }
    const ch = await conn.channel();
    await ch.exchangeDelete(queues.exchange).catch(() => {});
    await ch.close().catch(() => {});
  });
}
