/**
 * The reliability drill: N durable messages published while no consumer runs, then consumed;
 * every one must arrive exactly once, and the audit queue must keep its copy of each.
 */
import { newRunId } from "../messaging/mod.ts";
import { checkConsumed, checkHeld, checkPublished } from "./drill_checks.ts";
import { declareDrillQueues, depthOf, drillQueues, removeDrillQueues } from "./drill_queues.ts";
import { consumeNumbered, publishNumbered } from "./message_flow.ts";
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
  await declareDrillQueues(endpoints, queues, "classic");
  report.step(`declared ${queues.exchange} -> ${queues.work} and ${queues.audit} (durable)`);
  try {
    checkPublished(report, await publishNumbered({ ...flow, queues, count, runId }), count);
    checkHeld(report, queues.work, await depthOf(endpoints, queues.work), count);
    const consumed = await consumeNumbered({
      ...flow,
      queue: queues.work,
      count,
      runId,
      idleTimeoutMs: settings.idleTimeoutMs,
    });
    checkConsumed(report, consumed, { exactlyOnce: true });
    checkHeld(report, queues.audit, await depthOf(endpoints, queues.audit), count);
  } finally {
    if (!settings.keep) await removeDrillQueues(endpoints, queues);
  }
}
