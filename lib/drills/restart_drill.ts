/**
 * The restart drill: on a private node, N durable messages published with the broker crashing
 * (SIGKILL, then started again) while publishing, restarted cleanly before the consumer starts,
 * and crashing again while it consumes. Nothing may be lost; what was in flight at a crash may
 * arrive twice (at-least-once), and is counted.
 */
import { parseAmqpUrls } from "../config.ts";
import { type LocalNode, type PrivateBrokerSource, privateNode } from "../local_broker/mod.ts";
import { newRunId } from "../messaging/mod.ts";
import { checkConsumed, checkHeld, checkPublished } from "./drill_checks.ts";
import { declareDrillQueues, drillQueues, settledDepthOf } from "./drill_queues.ts";
import { formatInteger as n } from "../shared/mod.ts";
import type { AmqpEndpoint } from "../config.ts";
import { consumeNumbered, publishNumbered } from "./message_flow.ts";
import type { DrillReport } from "./drill_report.ts";
import { DRILL_NODE_CONFIG, type DrillSettings } from "./drill_settings.ts";

/** Settings of the restart drill: where its private node comes from. */
export interface RestartDrillSettings
  extends Omit<DrillSettings, "endpoints">, PrivateBrokerSource {}

/** A reconnection waits this long for the restarted node (a busy machine boots it slowly). */
const RECONNECT_TIMEOUT_MS = 180_000;

/**
 * Runs the restart drill on a private node it starts and removes.
 *
 * @example
 * ```ts
 * const report = new DrillReport("restart", console.log);
 * await restartDrill({ count: 10_000, prefix: "drill", idleTimeoutMs: 10_000, keep: false,
 *   report });
 * ```
 */
export async function restartDrill(settings: RestartDrillSettings): Promise<void> {
  const { count, report } = settings;
  const { broker: node, remove } = await privateNode({
    root: settings.root,
    namePrefix: "drill",
    management: true,
    extraConfig: DRILL_NODE_CONFIG,
  });
  try {
    report.step(`started a private node, ${node.name}, on port ${node.options.amqpPort}`);
    const endpoints = parseAmqpUrls(node.amqpUrl);
    const flow = { endpoints, reconnectTimeoutMs: RECONNECT_TIMEOUT_MS };
    const runId = newRunId();
    const queues = drillQueues(`${settings.prefix}.restart`, runId);
    await declareDrillQueues(endpoints, queues, "classic");
    report.step(`declared ${queues.exchange} -> ${queues.work} and ${queues.audit} (durable)`);

    const third = Math.ceil(count / 3);
    const whilePublishing = new Restart(node, report, { crash: true, when: "while publishing" });
    const published = await publishNumbered({
      ...flow,
      queues,
      count,
      runId,
      progressEvery: Math.max(1, Math.floor(count / 50)),
      onConfirmed: (confirmed) => confirmed >= third && whilePublishing.begin(confirmed),
    });
    await whilePublishing.done();
    checkPublished(report, published, count);

    await new Restart(node, report, { crash: false, when: "between publishing and consuming" })
      .begin(count).done();
    // Republished messages may be there twice: at least every confirmed one, once recovered.
    await checkRecovered(report, endpoints, queues.work, count);

    const whileConsuming = new Restart(node, report, { crash: true, when: "while consuming" });
    const consumed = await consumeNumbered({
      ...flow,
      queue: queues.work,
      count,
      runId,
      idleTimeoutMs: settings.idleTimeoutMs,
      prefetch: settings.prefetch,
      onArrived: (unique) => unique >= third && whileConsuming.begin(unique),
    });
    await whileConsuming.done();
    checkConsumed(report, consumed, { exactlyOnce: false });
    await checkRecovered(report, endpoints, queues.audit, count);
  } finally {
    await remove();
    report.step(`removed the private node`);
  }
}

/**
 * Checks a queue of the restarted node holds at least the `expected` confirmed messages, read
 * once its recovery settled: a first read that was short and grew is said as such, not judged;
 * a shortfall that stays is a FAIL saying how many confirmed messages were lost.
 */
async function checkRecovered(
  report: DrillReport,
  endpoints: readonly AmqpEndpoint[],
  queue: string,
  expected: number,
): Promise<void> {
  const { held, first, waitedMs } = await settledDepthOf(endpoints, queue, expected);
  const seconds = (waitedMs / 1000).toFixed(1);
  if (first !== undefined && held !== undefined && first < held) {
    report.step(
      `${queue} held ${n(first)} at the first look and ${
        n(held)
      } ${seconds} s later: it was still recovering`,
    );
  }
  if (held !== undefined && held < expected) {
    report.check(
      false,
      `${n(expected - held)} of ${n(expected)} confirmed messages were lost across the restarts: ` +
        `${queue} holds ${n(held)} after ${seconds} s of looking again`,
    );
    return;
  }
  checkHeld(report, queue, held, expected, true);
}

/**
 * One restart of the node on the same data, begun once: a crash (SIGKILL: the connections drop
 * at once, mid-run) or a clean stop.
 */
class Restart {
  readonly #node: LocalNode;
  readonly #report: DrillReport;
  readonly #crash: boolean;
  readonly #when: string;
  #running?: Promise<void>;

  constructor(node: LocalNode, report: DrillReport, options: { crash: boolean; when: string }) {
    this.#node = node;
    this.#report = report;
    this.#crash = options.crash;
    this.#when = options.when;
  }

  /** Starts the restart, the first time only; `at` says how far the run was. */
  begin(at: number): this {
    this.#running ??= this.#restart(at);
    return this;
  }

  /** Waits for the restart (if one began) to finish. */
  async done(): Promise<void> {
    await this.#running;
  }

  async #restart(at: number): Promise<void> {
    const started = performance.now();
    if (this.#crash) await this.#node.kill();
    else await this.#node.stop();
    await this.#node.start();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const how = this.#crash ? "crashed (SIGKILL)" : "stopped cleanly";
    this.#report.step(`the broker ${how} ${this.#when}, at message ${at}: back in ${seconds} s`);
  }
}
