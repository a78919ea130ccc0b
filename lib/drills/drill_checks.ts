/** The checks and lines every drill shares: what was published, held and consumed. */
import { formatInteger as n, formatMs } from "../shared/mod.ts";
import type { PublishResult } from "../messaging/mod.ts";
import type { DrillReport } from "./drill_report.ts";
import type { ConsumedNumbered } from "./message_flow.ts";
import type { QueueFigures } from "./ready_check.ts";

/** Reports a publish run and checks every message was confirmed. */
export function checkPublished(report: DrillReport, result: PublishResult, count: number): void {
  const again = [
    result.republished && `${n(result.republished)} published again after a reconnect`,
    result.retriedNacks && `${n(result.retriedNacks)} again after a nack`,
    result.nacked && `${n(result.nacked)} nacked`,
    result.returned && `${n(result.returned)} returned unroutable`,
  ].filter(Boolean).map((part) => `, ${part}`).join("");
  report.step(
    `published ${n(count)} persistent messages: ${n(result.confirmed)} confirmed in ` +
      `${result.seconds.toFixed(1)} s (${n(Math.round(result.rate))}/s)${again}`,
  );
  report.figures({
    published: result.published,
    confirmed: result.confirmed,
    republished: result.republished,
    nacked: result.nacked,
    publish_rate: Math.round(result.rate),
  });
  report.check(
    result.confirmed === count,
    `${n(count - result.confirmed)} of ${n(count)} messages were not confirmed` +
      (result.error ? ` (${result.error})` : ""),
  );
}

/**
 * Reports how many messages a queue holds and checks it is `expected` (or at least it). A
 * shortfall and a surplus are told apart: fewer means something took messages away, more means
 * another client published into the queue.
 *
 * @example
 * ```ts
 * checkHeld(report, "drill.work", 20_025, 20_000);
 * report.verdict; // "FAIL: drill.work holds 25 more than the 20,000 confirmed messages (another client published into it)"
 * ```
 */
export function checkHeld(
  report: DrillReport,
  queue: string,
  held: number | undefined,
  expected: number,
  atLeast = false,
): void {
  checkCount(report, { queue, held, expected, atLeast, said: "messages" });
}

/**
 * {@linkcode checkHeld} on a queue's Ready figure, saying where it was read (the management
 * API, as the seed reads it, or AMQP without it).
 *
 * @example
 * ```ts
 * checkReady(report, "drill.work", { ready: 10_000, via: "the management API" }, 10_000);
 * // step: "drill.work holds 10,000 messages Ready (read from the management API)"
 * ```
 */
export function checkReady(
  report: DrillReport,
  queue: string,
  figures: QueueFigures,
  expected: number,
): void {
  const said = `messages Ready (read from ${figures.via})`;
  checkCount(report, { queue, held: figures.ready, expected, atLeast: false, said });
}

/**
 * Checks that a drained queue is empty: nothing Ready and nothing Unacked, as the seed checks
 * it at the end.
 */
export function checkDrained(report: DrillReport, queue: string, figures: QueueFigures): void {
  const ready = figures.ready ?? 0;
  const unacked = figures.unacked ?? 0;
  report.step(
    `${queue} after consuming: ${n(ready)} Ready, ${
      figures.unacked === undefined ? "" : `${n(unacked)} Unacked, `
    }read from ${figures.via}`,
  );
  report.check(
    figures.ready !== undefined && ready === 0 && unacked === 0,
    `${queue} is not empty after consuming: ${n(ready)} Ready, ${n(unacked)} Unacked`,
  );
}

function checkCount(
  report: DrillReport,
  c: { queue: string; held: number | undefined; expected: number; atLeast: boolean; said: string },
): void {
  const { queue, held, expected, atLeast } = c;
  const count = held ?? 0;
  report.step(`${queue} holds ${n(count)} ${c.said}`);
  const ok = held !== undefined && (atLeast ? held >= expected : held === expected);
  report.check(
    ok,
    count > expected
      ? `${queue} holds ${n(count - expected)} more than the ${n(expected)} confirmed messages ` +
        "(another client published into it)"
      : `${queue} holds ${n(count)} of ${n(expected)} confirmed messages ` +
        "(a length limit or TTL in a policy, or another consumer, took the rest)",
  );
}

/**
 * Reports a consume run and checks every message arrived; with `exactlyOnce`, that none came
 * twice (a run without faults), else duplicates are counted, as at-least-once delivery allows.
 */
export function checkConsumed(
  report: DrillReport,
  consumed: ConsumedNumbered,
  options: { exactlyOnce: boolean },
): void {
  const { tally, result } = consumed;
  const { latency } = result;
  report.step(
    `consumed ${n(tally.unique)} of ${n(tally.count)} in ${result.seconds.toFixed(1)} s ` +
      `(${n(Math.round(result.rate))}/s): ${n(tally.duplicates)} arrived twice, ` +
      `${n(result.redelivered)} redelivered; latency p50 ${formatMs(latency.p50)}, ` +
      `p99 ${formatMs(latency.p99)}`,
  );
  report.figures({
    consumed: tally.unique,
    missing: tally.count - tally.unique,
    duplicates: tally.duplicates,
    redelivered: result.redelivered,
    consume_rate: Math.round(result.rate),
    latency_p50_ms: latency.p50,
    latency_p99_ms: latency.p99,
  });
  const missing = tally.count - tally.unique;
  report.check(
    missing === 0,
    `${n(missing)} of ${n(tally.count)} messages never arrived (first: seq ${
      tally.missing().join(", ")
    })`,
  );
  if (options.exactlyOnce) {
    report.check(tally.duplicates === 0, `${n(tally.duplicates)} messages arrived twice`);
  }
  report.check(consumed.strangers === 0, `${n(consumed.strangers)} messages of another run`);
}
