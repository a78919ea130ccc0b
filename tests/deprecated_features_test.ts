/**
 * RabbitMQ 4.x deprecates features that later minors deny. Every command, with its defaults and
 * the seed drills' flags, runs on a private node that denies them (and collects no management
 * statistics, as operators configure it after the deprecation), and on a node that permits them
 * writes no `Deprecated features` warning. The status view and the monitor show real depths
 * there.
 */
import assert from "node:assert/strict";
import type { Snapshot } from "../lib/shared/mod.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import { brokerIsAtLeast, eventually, runScript, type ScriptRun } from "./helpers.ts";
import { PrivateBroker, RABBITMQ_ROOT } from "./private_broker.ts";

/** Features deprecated in 4.x that a future minor denies by default. */
const DEPRECATED = [
  "transient_nonexcl_queues",
  "global_qos",
  "queue_master_locator",
  "management_metrics_collection",
];

/** A node denying every one of them; management statistics off (the metrics feature's way out). */
const DENYING = [
  ...DEPRECATED.map((feature) => `deprecated_features.permit.${feature} = false`),
  "management_agent.disable_metrics_collector = true",
].join("\n");

// Private nodes run the version under test only where the suite gives them its root; the
// machine's own RabbitMQ 3.x knows no deprecated features.
const onFour = RABBITMQ_ROOT !== undefined && await brokerIsAtLeast("4.0");

/** The command lines users run: every default, and the seed drills' flags. */
function commandLines(url: string): [string, string[]][] {
  const on = ["--url", url];
  return [
    ["produce", [...on, "--count", "500"]],
    ["consume", [...on, "--expect", "500", "--idle-timeout", "30"]],
    ["produce", [...on, "--count", "300", "--durable", "--lazy", "--purge"]],
    ["consume", [...on, "--prefetch", "100", "--expect", "300", "--idle-timeout", "30"]],
    ["produce", [...on, "--exchange", "", "--queue", "hello", "--count", "5"]],
    ["replay", [...on, "--from", "audit.queue", "--exchange", "", "--routing-key", "hello"]],
    ["produce", [...on, "--queue", "orders", "--audit-queue", "orders.audit", "--dead-letter"]],
    ["produce", [...on, "--queue", "q.quorum", "--audit-queue", "", "--queue-type", "quorum"]],
    ["bench", [...on, "--count", "2000"]],
  ];
}

/** A run that asks for a non-durable queue: what RabbitMQ 4.x deprecates. */
function produceTransientQueue(url: string): Promise<ScriptRun> {
  const args = ["--queue", "transient.q", "--audit-queue", "", "--transient-queues"];
  return runScript("produce", ["--url", url, ...args]);
}

/** Runs a command and fails the test with what it said unless it exited 0. */
async function runOk(script: string, args: string[]): Promise<ScriptRun> {
  const run = await runScript(script, args);
  assert.equal(run.code, 0, `${script} ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run;
}

Deno.test({
  name:
    "a 4.x node denying the deprecated features: every default command runs; status and the monitor show real depths",
  ignore: !onFour,
  async fn() {
    const broker = await PrivateBroker.start({ management: true, extraConfig: DENYING });
    try {
      for (const [script, args] of commandLines(broker.url)) await runOk(script, args);
      await runOk("produce", ["--url", broker.url, "--count", "42", "--queue", "depth.q"]);
      const managementUrl = broker.node.managementUrl!;

      const status = await runOk("status", [
        "--url",
        broker.url,
        "--management-url",
        managementUrl,
        "--once",
      ]);
      assert.match(status.stdout, /collects no management statistics/);
      assert.match(status.stdout, /depth\.q\s+—\n\s+ready 42\s/);
      assert.match(status.stdout, /work\.queue/, "every queue is listed, not only the known two");
      assert.doesNotMatch(status.stdout, /publish 0\/s/, "rates are unknown, not 0");

      const monitor = await startTestMonitor({ amqpUrl: broker.url, managementUrl });
      try {
        const snap = await eventually("the monitor to show depth.q with 42 ready", async () => {
          const s: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
          return s.queues.find((q) => q.name === "depth.q")?.ready === 42 ? s : undefined;
        });
        assert.equal(snap.source, "amqp");
        assert.equal(snap.statisticsOff, true, "the page says why figures are missing");
        assert.match(snap.problem ?? "", /collects no management statistics/);
        assert.ok(snap.queues.some((q) => q.name === "orders.dlq"), "every queue is listed");
        assert.equal(snap.queues.find((q) => q.name === "q.quorum")?.type, "quorum");
      } finally {
        await monitor.close();
      }

      const cleanup = ["--url", broker.url, "--management-url", managementUrl];
      await runOk("cleanup", [...cleanup, "--queue", "hello", "--yes"]);

      const refused = await produceTransientQueue(broker.url);
      assert.equal(refused.code, 1);
      assert.equal(
        refused.stderr.trim(),
        "produce: the broker does not permit the deprecated feature transient_nonexcl_queues " +
          "(deprecated_features.permit.transient_nonexcl_queues = false): run without " +
          "--transient-queues (queues are durable by default).",
      );
    } finally {
      await broker.stop();
    }
  },
});

Deno.test({
  name:
    "a 4.x node permitting the deprecated features: the commands write no 'Deprecated features' warning",
  ignore: !onFour,
  async fn() {
    const broker = await PrivateBroker.start();
    try {
      // What the node wrote while booting is not ours; what it writes from here on is.
      const before = (await Deno.readTextFile(broker.logFile)).length;
      for (const [script, args] of commandLines(broker.url)) await runOk(script, args);
      const during = (await Deno.readTextFile(broker.logFile)).slice(before);
      const warnings = during.split("\n").filter((line) => line.includes("Deprecated features"));
      assert.deepEqual(warnings, [], "no command uses a deprecated feature");

      // The check can fail: a run that asks for a non-durable queue is warned about.
      const asked = await produceTransientQueue(broker.url);
      assert.equal(asked.code, 0, asked.stderr);
      await eventually(
        "the node to log the deprecated transient queue",
        async () =>
          (await Deno.readTextFile(broker.logFile)).slice(before).includes(
              "Deprecated features: `transient_nonexcl_queues`",
            )
            ? true
            : undefined,
      );
    } finally {
      await broker.stop();
    }
  },
});
