/**
 * The reliability drill: N durable messages published while no consumer runs, then consumed;
 * every one must arrive exactly once, the audit queue must keep its copy of each, and the work
 * queue must be empty at the end. Queue figures are read as the seed reads them: the
 * management API's Ready (and Unacked), over AMQP where that API gives none.
 */
import { newRunId } from "../messaging/mod.ts";
import { checkConsumed, checkDrained, checkPublished, checkReady } from "./drill_checks.ts";
import { declareDrillQueues, drillQueues, removeDrillQueues } from "./drill_queues.ts";
import { consumeNumbered, publishNumbered } from "./message_flow.ts";
import { queueFigures } from "./ready_check.ts";
import type { DrillSettings } from "./drill_settings.ts";

/**
 * Runs the reliability drill against `settings.endpoints`; the verdict is in `settings.report`.
 *
 * @example
 * ```ts
 * const report = new DrillReport("reliability", console.log);
 * await reliabilityDrill({ endpoints, count: 10_000, prefix: "drill", idleTimeoutMs: 10_000,
 *   keep: false, report });
 * console.log(report.verdict);
 * ```
 */
export async function reliabilityDrill(settings: DrillSettings): Promise<void> {
  const { endpoints, count, report } = settings;
  const runId = newRunId();
  const queues = drillQueues(`${settings.prefix}.reliability`, runId);
  const flow = { endpoints, reconnectTimeoutMs: 60_000 };
  const figures = { management: settings.management, endpoints };
  await declareDrillQueues(endpoints, queues, "classic");
  report.step(`declared ${queues.exchange} -> ${queues.work} and ${queues.audit} (durable)`);
  try {
    checkPublished(report, await publishNumbered({ ...flow, queues, count, runId }), count);
    checkReady(report, queues.work, await queueFigures(figures, queues.work), count);
    const consumed = await consumeNumbered({
      ...flow,
      queue: queues.work,
      count,
      runId,
      idleTimeoutMs: settings.idleTimeoutMs,
      prefetch: settings.prefetch,
    });
    checkConsumed(report, consumed, { exactlyOnce: true });
    const drained = await queueFigures(figures, queues.work, { drained: true });
    checkDrained(report, queues.work, drained);
    checkReady(report, queues.audit, await queueFigures(figures, queues.audit), count);
  } finally {
    if (!settings.keep) await removeDrillQueues(endpoints, queues);
  }
}
