import assert from "node:assert/strict";
import {
  type ChannelInfo,
  type ConnectionInfo,
  DEFAULT_THRESHOLDS,
  type NodeInfo,
  type OverviewInfo,
  type QueueInfo,
  type VhostInfo,
} from "../lib/shared/mod.ts";
import { COLOR, PLAIN, renderStatus } from "../scripts/_cli/status_view.ts";
import { jsonOf, produceOk, runScript, testTopology } from "./helpers.ts";
import { buildSnapshot } from "../lib/snapshots/mod.ts";

const fixture = async <T>(name: string): Promise<T> =>
  JSON.parse(await Deno.readTextFile(new URL(`./fixtures/${name}.json`, import.meta.url)));

const snapshot = buildSnapshot(
  {
    overview: await fixture<OverviewInfo>("overview"),
    vhost: await fixture<VhostInfo>("vhost"),
    queues: await fixture<QueueInfo[]>("queues_vhost"),
    connections: await fixture<ConnectionInfo[]>("connections"),
    channels: await fixture<ChannelInfo[]>("channels"),
    nodes: await fixture<NodeInfo[]>("nodes_cluster"),
  },
  DEFAULT_THRESHOLDS,
  Date.UTC(2026, 0, 1),
);

Deno.test("renderStatus: summary box, a card per queue, consumers and connections", () => {
  const text = renderStatus(snapshot, PLAIN).join("\n");
  assert.match(
    text,
    /● toolkit-1@localhost +running +memory 153\.2 MB of 9\.4 GB +disk free 78\.7 GB \(limit 47\.7 MB\) +fd 41\/1024/,
  );
  assert.match(text, /● toolkit-3@localhost +down/);
  assert.match(text, /^┌ RabbitMQ 3\.10\.8 · /);
  assert.match(
    text,
    /│ queues 2 {3}consumers 1 {3}connections 2 {3}ready \S+ {3}unacked \S+ {3}active 2 +│/,
  );
  assert.match(text, /● fixture\.work +Publishing & consuming/);
  assert.match(text, /publish 400\/s +deliver 191\/s +ack 191\/s +consumers 1/);
  assert.match(
    text,
    // The channel named by its connection's client, then by its ports.
    /Consumers\n {2}consume FixtureWorker 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:5672 \(1\) +1 consumer +prefetch 50/,
  );
  assert.match(text, /Connections\n.*produce fixture/);
  assert.ok(!text.includes("\x1b"), "no escape codes without colour");
});

Deno.test("renderStatus colours the status dots and keeps the box aligned", () => {
  const lines = renderStatus(snapshot, COLOR);
  assert.ok(
    lines.join("\n").includes("\x1b[33m●\x1b[0m \x1b[1mfixture.work"),
    "yellow: past the warn depth",
  );
  // deno-lint-ignore no-control-regex
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;
  assert.equal(visible(lines[0]), visible(lines[1]));
  assert.equal(visible(lines[1]), visible(lines[2]));
});

Deno.test("deno task status --once and --json show the live broker", async () => {
  const t = testTopology("status");
  try {
    await produceOk([...t.flags, "--count", "42"]);
    const once = await runScript("status", ["--once"]);
    assert.equal(once.code, 0, once.stderr);
    assert.match(once.stdout, new RegExp(`● ${t.queue.replaceAll(".", "\\.")}`));
    assert.ok(!once.stdout.includes("\x1b"), "no colour when not on a terminal");
    const json = jsonOf<{ queues: { name: string; ready: number }[] }>(
      await runScript("status", ["--json"]),
    );
    assert.ok(json.queues.some((q) => q.name === t.queue), "the queue is in the snapshot");
  } finally {
    await t.cleanup();
  }
});
