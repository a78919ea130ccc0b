/**
 * `deno task drill`: each drill ends in PASS with its figures, and in FAIL with the first thing
 * wrong when a message is made to go missing (a max-length policy that drops what the drill
 * confirmed, set the way an operator would). restart and failover run on private brokers.
 */
import assert from "node:assert/strict";
import type { DrillJson } from "../lib/drills/mod.ts";
import { jsonOf, MANAGEMENT_URL, runScript, uniqueName } from "./helpers.ts";
import { RABBITMQ_ROOT, takeTurn } from "./private_broker.ts";

/** Runs a drill; its JSON report and what it printed. */
async function drill(args: string[]) {
  const run = await runScript("drill", [...args, "--json"]);
  return { run, report: jsonOf<DrillJson>(run) };
}

/** The flags that make a drill's private brokers the version under test. */
const ROOT = RABBITMQ_ROOT ? ["--rabbitmq-root", RABBITMQ_ROOT] : [];

/** Puts (or deletes) a policy on the test broker's default vhost, as an operator would. */
async function policy(name: string, body?: unknown): Promise<void> {
  const response = await fetch(`${MANAGEMENT_URL}/api/policies/%2F/${name}`, {
    method: body ? "PUT" : "DELETE",
    headers: { authorization: `Basic ${btoa("guest:guest")}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  await response.body?.cancel();
  if (!response.ok && body) throw new Error(`policy ${name}: ${response.status}`);
}

Deno.test("drill reliability: 3,000 durable messages, no consumer, then each once; PASS", async () => {
  const { run, report } = await drill([
    "reliability",
    "--count",
    "3000",
    "--idle-timeout",
    "10",
    "--prefix",
    uniqueName("drill"),
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(report.passed, true, report.failure);
  assert.equal(report.figures.confirmed, 3_000);
  assert.equal(report.figures.consumed, 3_000);
  assert.equal(report.figures.missing, 0);
  assert.equal(report.figures.duplicates, 0);
  // As the seed reads them: the management API's Ready, and the work queue empty at the end.
  assert.match(
    run.stderr,
    /reliability: \S+\.work holds 3,000 messages Ready \(read from the management API\)/,
  );
  assert.match(run.stderr, /reliability: \S+\.work after consuming: 0 Ready, 0 Unacked/);
  assert.match(run.stderr, /reliability: \S+\.audit holds 3,000 messages Ready/);
});

Deno.test("drill reliability: messages a policy drops are named missing, FAIL, exit 1", async () => {
  const prefix = uniqueName("drill-lossy");
  const name = uniqueName("drop-all-but-10");
  await policy(name, {
    pattern: `^${prefix.replaceAll(".", "\\.")}\\.`,
    definition: { "max-length": 10, overflow: "drop-head" },
    "apply-to": "queues",
    priority: 100,
  });
  try {
    const run = await runScript("drill", [
      "reliability",
      "--count",
      "500",
      "--idle-timeout",
      "2",
      "--prefix",
      prefix,
    ]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert.match(
      lines.at(-1)!,
      /^reliability: FAIL: \S+\.work holds 10 of 500 confirmed messages \(a length limit/,
    );
    assert.match(run.stdout, /490 of 500 messages never arrived \(first: seq 1, 2, 3, 4, 5\)/);
  } finally {
    await policy(name);
  }
});

Deno.test("drill stress --count 20000 --prefetch 5000: the seed's run, the backlog checked Ready before consuming, PASS with its figures", async () => {
  const { run, report } = await drill([
    "stress",
    "--count",
    "20000",
    "--prefetch",
    "5000",
    "--prefix",
    uniqueName("drill-stress"),
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(report.passed, true, report.failure);
  const f = report.figures as Record<string, number>;
  assert.deepEqual([f.confirmed, f.consumed, f.missing, f.duplicates], [20_000, 20_000, 0, 0]);
  assert.equal(f.backlog_peak, 20_000, "the whole backlog was Ready at once");
  assert.equal(f.prefetch, 5_000);
  assert.ok(f.publish_rate > 0 && f.consume_rate > 0, JSON.stringify(f));
  assert.ok(f.drain_seconds > 0, JSON.stringify(f));
  assert.ok(f.peak_rss_mb > 0, "this process's memory");
  assert.ok(f.broker_peak_memory_bytes > 0, "the broker's memory");
  const at = (pattern: RegExp) => report.steps.findIndex((step) => pattern.test(step));
  const ready = at(/\.work holds 20,000 messages Ready \(read from the management API\)$/);
  const consumed = at(/^consumed 20,000 of 20,000/);
  assert.ok(
    ready >= 0 && consumed > ready,
    `checked before consuming:\n${report.steps.join("\n")}`,
  );
  assert.ok(at(/^published 20,000 persistent messages/) >= 0, report.steps.join("\n"));
  assert.ok(at(/\.work after consuming: 0 Ready, 0 Unacked/) > consumed, report.steps.join("\n"));
  assert.ok(at(/\.audit holds 20,000 messages Ready/) > consumed, "the audit copies kept");
  assert.match(run.stdout.trim().split("\n").at(-1)!, /"passed":true/);
});

Deno.test("drill stress --concurrent: today's run, publishing and consuming at once, with latency percentiles", async () => {
  const { run, report } = await drill(["stress", "--concurrent", "--count", "20000"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(report.passed, true, report.failure);
  const f = report.figures as Record<string, number>;
  assert.equal(f.received, 20_000);
  assert.equal(f.lost, 0);
  assert.ok(f.send_rate > 0 && f.receive_rate > 0, JSON.stringify(f));
  assert.ok(f.latency_p50_ms <= f.latency_p99_ms, JSON.stringify(f));
  assert.ok(f.peak_rss_mb > 0, "this process's memory");
  assert.ok(f.broker_peak_memory_bytes > 0, "the broker's memory");
});

Deno.test("drill: a drill that does not exist, or --url for one that starts its own brokers, exit 2", async () => {
  const unknown = await runScript("drill", ["sabotage"]);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /^drill: .*'sabotage' is invalid .*choices are reliability, restart, stress, failover/,
  );
  assert.equal(unknown.stderr.trim().split("\n").length, 1, unknown.stderr);
  const concurrent = await runScript("drill", ["reliability", "--concurrent"]);
  assert.equal(concurrent.code, 2);
  assert.match(concurrent.stderr, /--concurrent: only the stress drill has a concurrent run/);
  const url = await runScript("drill", ["restart", "--url", "amqp://localhost:5672"]);
  assert.equal(url.code, 2);
  assert.equal(url.stderr.trim().split("\n").length, 1, url.stderr);
  assert.match(url.stderr, /--url: the restart drill runs on private brokers it starts/);
  const ca = await runScript("drill", ["failover", "--ca", "ca.pem"]);
  assert.equal(ca.code, 2);
  assert.match(ca.stderr, /^drill: --ca: the failover drill runs on private brokers it starts/);
});

Deno.test({
  name: "drill restart: crashed while publishing and consuming, restarted between: nothing lost",
  sanitizeResources: false,
  async fn() {
    const endTurn = await takeTurn("node");
    try {
      const { run, report } = await drill(["restart", "--count", "10000", ...ROOT]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(report.passed, true, `${report.failure}\n${run.stderr}`);
      const f = report.figures as Record<string, number>;
      assert.equal(f.missing, 0);
      // The crashes came mid-run: unconfirmed messages were published again, unacked redelivered.
      assert.ok(f.republished > 0, `republished ${f.republished}: the publisher saw the crash`);
      assert.ok(f.redelivered > 0, `redelivered ${f.redelivered}: the consumer saw the crash`);
      assert.match(run.stderr, /crashed \(SIGKILL\) while publishing/);
      assert.match(run.stderr, /stopped cleanly between publishing and consuming/);
      assert.match(run.stderr, /crashed \(SIGKILL\) while consuming/);
    } finally {
      endTurn();
    }
  },
});

Deno.test({
  name: "drill failover: a quorum queue's leader SIGKILLed mid-run on a private cluster: lost=0",
  sanitizeResources: false,
  async fn() {
    const endTurn = await takeTurn("cluster");
    try {
      const { run, report } = await drill(["failover", "--count", "10000", ...ROOT]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(report.passed, true, `${report.failure}\n${run.stderr}`);
      assert.equal(report.figures.missing, 0);
      assert.match(run.stderr, /SIGKILLed the leader, \S+, at message \d+/);
      assert.match(run.stderr, /the queue is now led by \S+@localhost/);
    } finally {
      endTurn();
    }
  },
});
