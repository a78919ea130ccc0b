/**
 * One run published over several connections at once: each connection publishes its own share
 * of the sequence numbers (so consumers see one run, 1 to count), and the results add up to
 * one. On a broker with more cores than one connection keeps busy, more connections publish
 * more per second; per-connection figures show whether they shared the work evenly.
 */
import type { AMQPClient } from "../deps.ts";
import {
  publishMessages,
  type PublishOptions,
  type PublishProgress,
  type PublishResult,
} from "./publisher.ts";
import { rate } from "./stats.ts";

/** A connection to publish on, and how to reopen it after a drop. */
export interface PublishLink {
  connection: AMQPClient;
  reconnect?: (cause: unknown) => Promise<AMQPClient>;
  /** This connection's routing key, when the run spreads over several (else the run's). */
  routingKey?: string;
}

/** What {@linkcode publishInParallel} reports: the whole run, and each connection's share. */
export interface ParallelPublishResult {
  total: PublishResult;
  each: PublishResult[];
}

/**
 * `total` split into `parts` whole numbers that differ by at most one.
 *
 * @example
 * ```ts
 * splitEvenly(10, 3); // [4, 3, 3]
 * ```
 */
export function splitEvenly(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
}

/**
 * Publishes `options.count` messages over `links`, one even share of the sequence numbers and
 * of the `rate` cap each; `onProgress` hears the sums.
 *
 * @example
 * ```ts
 * const { total, each } = await publishInParallel([{ connection: a }, { connection: b }],
 *   { exchange: "x", routingKey: "k", count: 1000, body, properties, confirmWindow: 500, rate: 0 });
 * total.confirmed; // 1000; each[0].confirmed + each[1].confirmed
 * ```
 */
export async function publishInParallel(
  links: PublishLink[],
  options: Omit<PublishOptions, "reconnect" | "firstSeq">,
): Promise<ParallelPublishResult> {
  const shares = splitEvenly(options.count, links.length);
  const progress: PublishProgress[] = links.map(() => emptyProgress());
  const onProgress = options.onProgress;
  let firstSeq = 1;
  const each = await Promise.all(links.map((link, i) => {
    const share: PublishOptions = {
      ...options,
      count: shares[i],
      firstSeq,
      routingKey: link.routingKey ?? options.routingKey,
      rate: options.rate / links.length,
      reconnect: link.reconnect,
      onProgress: onProgress && ((p) => {
        progress[i] = p;
        onProgress(combineProgress(progress));
      }),
    };
    firstSeq += shares[i];
    return publishMessages(link.connection, share);
  }));
  return { total: combineResults(each), each };
}

/**
 * Several runs' results as one: counters added, the longest time, the first error.
 *
 * @example
 * ```ts
 * combineResults([a, b]).confirmed; // a.confirmed + b.confirmed
 * ```
 */
export function combineResults(results: PublishResult[]): PublishResult {
  const progress = combineProgress(results);
  const sum = (pick: (r: PublishResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  return {
    ...progress,
    republished: sum((r) => r.republished),
    retriedNacks: sum((r) => r.retriedNacks),
    timedOut: results.some((r) => r.timedOut),
    rate: rate(progress.confirmed, progress.seconds),
    error: results.find((r) => r.error)?.error,
  };
}

function combineProgress(parts: PublishProgress[]): PublishProgress {
  const total = emptyProgress();
  for (const p of parts) {
    total.published += p.published;
    total.confirmed += p.confirmed;
    total.nacked += p.nacked;
    total.returned += p.returned;
    total.seconds = Math.max(total.seconds, p.seconds);
  }
  return total;
}

function emptyProgress(): PublishProgress {
  return { published: 0, confirmed: 0, nacked: 0, returned: 0, seconds: 0 };
}
