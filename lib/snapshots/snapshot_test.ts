/** Snapshot rules, on management API answers recorded from a real broker during a run. */
import assert from "node:assert/strict";
import {
  activity,
  type ChannelInfo,
  type ConnectionInfo,
  DEFAULT_THRESHOLDS,
  type NodeInfo,
  type OverviewInfo,
  type QueueInfo,
  queueStatus,
  type VhostInfo,
} from "../shared/mod.ts";
import { amqpSnapshot, buildSnapshot, nodeSnapshot } from "./snapshot_builder.ts";

const fixture = async <T>(name: string): Promise<T> =>
  JSON.parse(
    await Deno.readTextFile(new URL(`../../tests/fixtures/${name}.json`, import.meta.url)),
  );

const answers = {
  overview: await fixture<OverviewInfo>("overview"),
  vhost: await fixture<VhostInfo>("vhost"),
  queues: await fixture<QueueInfo[]>("queues_vhost"),
  connections: await fixture<ConnectionInfo[]>("connections"),
  channels: await fixture<ChannelInfo[]>("channels"),
  nodes: [] as NodeInfo[],
};

Deno.test("buildSnapshot reads queues, rates, consumers and connections from recorded answers", () => {
  const snap = buildSnapshot(answers, DEFAULT_THRESHOLDS, 1_000);
  assert.equal(snap.source, "management");
  assert.equal(snap.version, "3.10.8");
  // The vhost's own rates, not the overview's broker-wide ones (400 publish/s there).
  assert.deepEqual(snap.rates, { publish: 40, deliver: 20.5, ack: 19.5 });
  const work = snap.queues.find((q) => q.name === "fixture.work")!;
  const recorded = answers.queues.find((q) => q.name === "fixture.work")!;
  assert.equal(work.ready, recorded.messages_ready);
  assert.equal(work.unacked, recorded.messages_unacknowledged);
  assert.equal(work.total, work.ready + work.unacked);
  assert.deepEqual([work.consumers, work.durable], [1, true]);
  assert.equal(work.rates.publish, 400.2);
  assert.equal(work.rates.deliver, 191.4);
  assert.equal(work.rates.ack, 191.4);
  assert.equal(work.activity, "Publishing & consuming");
  assert.equal(work.status, "warn");
  const audit = snap.queues.find((q) => q.name === "fixture.audit")!;
  assert.equal(audit.activity, "Publishing");
  assert.equal(audit.consumers, 0);
  assert.deepEqual(snap.queues.map((q) => q.name), [...snap.queues.map((q) => q.name)].sort());
  assert.equal(snap.totals.queues, answers.queues.length);
  assert.equal(snap.totals.ready, answers.queues.reduce((n, q) => n + (q.messages_ready ?? 0), 0));
  assert.equal(snap.totals.consumers, 1);
  assert.equal(snap.totals.active, 2);
  assert.equal(snap.connections.length, 2);
  assert.deepEqual(snap.connections.map((c) => c.clientName).sort(), [
    "consume FixtureWorker",
    "produce fixture",
  ]);
  const consumerChannel = snap.channels.find((ch) => ch.consumers === 1)!;
  assert.equal(consumerChannel.prefetch, 50);
  assert.equal(consumerChannel.clientName, "consume FixtureWorker", "named by its connection");
  assert.deepEqual(work.features, [{ label: "D", title: "durable" }]);
});

Deno.test("buildSnapshot on a three-node cluster with one node down: nodes, leader, replicas", async () => {
  // Recorded from `deno task cluster` after SIGKILLing toolkit-3, with a quorum queue q1.
  const snap = buildSnapshot(
    {
      ...answers,
      queues: await fixture<QueueInfo[]>("queues_cluster"),
      nodes: await fixture<NodeInfo[]>("nodes_cluster"),
    },
    DEFAULT_THRESHOLDS,
    1,
  );
  assert.deepEqual(
    snap.nodes.map((n) => [n.name, n.running]),
    [["toolkit-1@localhost", true], ["toolkit-2@localhost", true], ["toolkit-3@localhost", false]],
  );
  const up = snap.nodes[0];
  assert.ok(up.memUsed > 0 && up.memLimit > up.memUsed, "memory used and its limit");
  assert.ok(up.diskFree > up.diskFreeLimit, "disk free above its limit");
  assert.ok(up.fdUsed > 0 && up.fdTotal >= up.fdUsed, "file descriptors");
  assert.deepEqual(up.alarms, []);
  assert.deepEqual([snap.nodes[2].memUsed, snap.nodes[2].alarms], [0, []]);
  const q = snap.queues.find((q) => q.name === "q1")!;
  assert.equal(q.type, "quorum");
  assert.equal(q.leader, "toolkit-1@localhost");
  assert.equal(q.members?.length, 3);
  assert.deepEqual(q.online, ["toolkit-1@localhost", "toolkit-2@localhost"]);
});

Deno.test("nodeSnapshot names the alarms in force", () => {
  const alarms = nodeSnapshot({ name: "n", running: true, mem_alarm: true, disk_free_alarm: true })
    .alarms;
  assert.deepEqual(alarms, ["memory", "disk"]);
});

Deno.test("buildSnapshot leaves out the monitor's own feed taps", () => {
  const tap = { ...answers.queues[0], name: "monitor.feed.1234" };
  const snap = buildSnapshot(
    { ...answers, queues: [...answers.queues, tap] },
    DEFAULT_THRESHOLDS,
    1,
  );
  assert.equal(snap.queues.length, answers.queues.length);
  assert.ok(!snap.queues.some((q) => q.name.startsWith("monitor.feed.")));
});

Deno.test("queueStatus: green below warn, yellow from warn, red from critical", () => {
  const t = { warn: 100, critical: 1_000 };
  assert.equal(queueStatus(0, t), "ok");
  assert.equal(queueStatus(99, t), "ok");
  assert.equal(queueStatus(100, t), "warn");
  assert.equal(queueStatus(999, t), "warn");
  assert.equal(queueStatus(1_000, t), "critical");
});

Deno.test("activity follows the rates, ignoring the broker's decaying crumbs", () => {
  assert.equal(activity({ publish: 0, deliver: 0, ack: 0 }), "Idle");
  assert.equal(activity({ publish: 0.01, deliver: 0.02, ack: 0 }), "Idle");
  assert.equal(activity({ publish: 5, deliver: 0, ack: 0 }), "Publishing");
  assert.equal(activity({ publish: 0, deliver: 0, ack: 3 }), "Consuming");
  assert.equal(activity({ publish: 1, deliver: 1, ack: 1 }), "Publishing & consuming");
});

Deno.test("amqpSnapshot keeps depth and consumers, and says why", () => {
  const snap = amqpSnapshot(
    [{ name: "q", ready: 20_000, consumers: 2 }],
    DEFAULT_THRESHOLDS,
    5,
    "management API unavailable: x",
  );
  assert.equal(snap.source, "amqp");
  assert.equal(snap.problem, "management API unavailable: x");
  assert.equal(snap.queues[0].status, "critical");
  assert.deepEqual([snap.totals.ready, snap.totals.consumers], [20_000, 2]);
});
