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
import { sleep } from "../_util/mod.ts";

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

/** What a queue held once it had recovered, and what it held at the first look. */
export interface SettledDepth {
  /** The depth it settled on (`undefined`: the queue could not be read). */
  held?: number;
  /** The first depth read. */
  first?: number;
  /** How long it took to settle, in ms. */
  waitedMs: number;
}

/**
 * The depth of a queue on a node that has just restarted, read only once it stopped changing:
 * a queue still recovering its messages answers a passive declare with part of them. A first
 * read of `expected` or more is final; a shortfall is looked at again every second until it
 * reaches `expected`, or holds still for `stableMs`, or `timeoutMs` passes.
 *
 * @example
 * ```ts
 * const { held, first } = await settledDepthOf(endpoints, "drill.audit", 5_000);
 * ```
 */
export async function settledDepthOf(
  endpoints: readonly AmqpEndpoint[],
  queue: string,
  expected: number,
  options: { stableMs?: number; timeoutMs?: number } = {},
): Promise<SettledDepth> {
  const stableMs = options.stableMs ?? 10_000;
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 90_000);
  let first: number | undefined;
  let held: number | undefined;
  let changedAt = started;
  while (true) {
    const now = await depthOf(endpoints, queue).catch(() => undefined);
    first ??= now;
    if (now !== held) changedAt = Date.now();
    held = now ?? held;
    const settled = held !== undefined && (held >= expected || Date.now() - changedAt >= stableMs);
    if (settled || Date.now() >= deadline) return { held, first, waitedMs: Date.now() - started };
    await sleep(1_000);
  }
}
