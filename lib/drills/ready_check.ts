/**
 * A queue's figures as the seed's drills read them: the management API's "Ready" (and
 * "Unacked"). Those lag the queue by up to one statistics interval, so they are read until
 * Ready agrees with the depth AMQP tells at once (and, for a drained queue, nothing is
 * unacked), or a time limit passes. Without the management API's figures (unreachable, or
 * statistics off) the depth read over AMQP is the figure, and the step says so.
 */
import type { AmqpEndpoint } from "../config.ts";
import type { ManagementClient } from "../management/mod.ts";
import type { QueueInfo } from "../shared/mod.ts";
import { sleep } from "../_util/mod.ts";
import { depthOf } from "./drill_queues.ts";

/** A queue's figures, and where they were read. */
export interface QueueFigures {
  /** Messages ready for delivery; `undefined` when the queue could not be read. */
  ready: number | undefined;
  /** Messages delivered and not acked yet (the management API only). */
  unacked?: number;
  /** Where the figures come from. */
  via: "the management API" | "AMQP";
}

/** Where to read a queue's figures, and how long to wait for them to agree. */
export interface FigureSource {
  /** The management API; without it, AMQP. */
  management?: ManagementClient;
  endpoints: readonly AmqpEndpoint[];
  /** How long the management API's figures may take to agree (ms; default 60 s). */
  timeoutMs?: number;
  /** Hears each Ready figure read (for a backlog's peak). */
  onReady?: (ready: number) => void;
}

const POLL_MS = 500;
/** How long a queue may go without figures before the broker is taken to collect none. */
const FIRST_FIGURES_MS = 15_000;

/**
 * Reads `queue`'s figures from the management API until its Ready equals the depth AMQP
 * reports (and, with `drained`, nothing is unacked), or the time limit passes; returns the
 * last figures read.
 *
 * @example
 * ```ts
 * const f = await queueFigures({ management, endpoints }, "drill.work");
 * f.ready; // 10000, as the management UI's Ready column says it
 * ```
 */
export async function queueFigures(
  source: FigureSource,
  queue: string,
  options: { drained?: boolean } = {},
): Promise<QueueFigures> {
  const exact = await depthOf(source.endpoints, queue);
  const start = Date.now();
  const deadline = start + (source.timeoutMs ?? 60_000);
  for (;;) {
    const info = await readInfo(source.management, queue);
    // A new queue has no figures until its first statistics; a broker that collects none
    // (management_metrics_collection off) never gives any.
    const noFigures = info?.messages_ready === undefined;
    if (info === undefined || (noFigures && Date.now() - start >= FIRST_FIGURES_MS)) {
      if (exact !== undefined) source.onReady?.(exact);
      return { ready: exact, via: "AMQP" };
    }
    if (noFigures) {
      await sleep(POLL_MS);
      continue;
    }
    const figures: QueueFigures = {
      ready: info.messages_ready,
      unacked: info.messages_unacknowledged,
      via: "the management API",
    };
    if (figures.ready !== undefined) source.onReady?.(figures.ready);
    const agrees = figures.ready === exact && (!options.drained || !figures.unacked);
    if (agrees || Date.now() >= deadline) return figures;
    await sleep(POLL_MS);
  }
}

/** The queue as the management API shows it, or `undefined` when it cannot be read. */
async function readInfo(
  management: ManagementClient | undefined,
  queue: string,
): Promise<QueueInfo | undefined> {
  if (!management) return undefined;
  try {
    return await management.queue(queue);
  } catch {
    return undefined;
  }
}
