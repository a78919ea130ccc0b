/**
 * A private three-node cluster (never the shared broker): the node that leads a quorum queue is
 * SIGKILLed while `produce` and `consume` move 15,000 messages through it. Both fail over to
 * the other nodes, nothing is lost, duplicates are counted; the monitor, polling the killed
 * node first, keeps working and shows the node down and the queue's new leader.
 */
import assert from "node:assert/strict";
import { AMQPClient } from "@cloudamqp/amqp-client";
import { managementEndpoint, parseAmqpUrl, parseAmqpUrls } from "../lib/config.ts";
import type { LocalNode } from "../lib/local_broker/mod.ts";
import { ManagementClient } from "../lib/management/mod.ts";
import { DEFAULT_THRESHOLDS, type Snapshot } from "../lib/shared/mod.ts";
import { declareTopology } from "../lib/amqp/mod.ts";
import type { ConsumeSummary } from "../scripts/consume.ts";
import { startMonitor } from "../routes/app.ts";
import type { ProduceSummary } from "../scripts/produce.ts";
import { eventually, jsonOf, spawnScript } from "./helpers.ts";
import { startPrivateCluster } from "./private_broker.ts";

const N = 15_000;
const QUEUE = "failover.q";
const EXCHANGE = "failover.x";

function managementOf(node: LocalNode): ManagementClient {
  return new ManagementClient(managementEndpoint(parseAmqpUrl(node.amqpUrl), node.managementUrl!));
}

Deno.test({
  name:
    "quorum queue leader SIGKILLed during produce and consume of 15,000: both fail over, lost=0",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { cluster, remove } = await startPrivateCluster(3);
    try {
      const conn = new AMQPClient(cluster.nodes[0].amqpUrl);
      await conn.connect();
      await declareTopology(conn, {
        exchange: EXCHANGE,
        exchangeType: "direct",
        routingKey: "work",
        queue: QUEUE,
        auditQueue: "",
        durable: true,
        lazy: false,
        queueType: "quorum",
        priority: false,
      });
      await conn.close();

      // Both clients start on the leader, so killing it takes their connections away.
      const api = managementOf(cluster.nodes[1]);
      const leaderName = await eventually(
        "the queue's leader",
        async () => (await api.queue(QUEUE))?.leader,
      );
      const leader = cluster.node(leaderName)!;
      const others = cluster.nodes.filter((n) => n !== leader);
      const urls = [leader, ...others].map((n) => n.amqpUrl).join(",");

      const consumer = spawnScript("consume", [
        "--url",
        urls,
        "--queue",
        QUEUE,
        "--prefetch",
        "500",
        "--progress-every",
        "3000",
        "--json",
      ]);
      const producer = spawnScript("produce", [
        "--url",
        urls,
        "--exchange",
        EXCHANGE,
        "--queue",
        QUEUE,
        "--audit-queue",
        "",
        "--queue-type",
        "quorum",
        "--count",
        String(N),
        "--rate",
        "5000",
        "--json",
      ]);
      // Kill the leader once both are well under way: a fifth of the messages consumed, while
      // the producer (at 5,000/s) still has most of them to send.
      await eventually(
        "the consumer's progress line at 3,000",
        () => /consumed 3,000/.test(consumer.output().stderr) || undefined,
        120_000,
        () => `consumer stderr: ${consumer.output().stderr.slice(-500)}`,
      );
      await leader.kill();

      const produced = await producer.done;
      assert.equal(produced.code, 0, produced.stderr);
      assert.match(produced.stderr, /produce: connection lost/);
      const reconnectedTo = new RegExp(
        `produce: reconnected to amqp://guest:\\*\\*\\*@127\\.0\\.0\\.1:(${
          others.map((n) => n.options.amqpPort).join("|")
        })`,
      );
      assert.match(produced.stderr, reconnectedTo);
      const p = jsonOf<ProduceSummary>(produced);
      assert.deepEqual([p.published, p.confirmed, p.nacked, p.returned], [N, N, 0, 0]);

      // Every message handled and acked: the queue holds nothing, ready or unacked.
      await eventually(
        "the queue to drain",
        async () => {
          const q = await api.queue(QUEUE);
          return q && q.messages === 0 && q.messages_unacknowledged === 0 ? true : undefined;
        },
        120_000,
        async () => {
          const q = await api.queue(QUEUE).catch((e) => ({ error: String(e) }));
          const { stderr } = consumer.output();
          return `queue ${JSON.stringify(q)}; consumer stderr: ${stderr.slice(-2_000)}`;
        },
      );
      consumer.kill("SIGTERM");
      const consumed = await consumer.done;
      assert.equal(consumed.code, 0, consumed.stderr);
      assert.match(consumed.stderr, /consume: connection lost/);
      assert.match(consumed.stderr, /consume: reconnected to amqp:/);
      const c = jsonOf<ConsumeSummary>(consumed);
      const unique = c.consumed - c.duplicates;
      console.log(
        `quorum leader killed: ok=${unique} lost=${N - unique} duplicated=${c.duplicates} ` +
          `redelivered=${c.redelivered} republished-by-producer=${
            (produced.stderr.match(/(\d+) messages were published again/) ?? [])[1] ?? 0
          }`,
      );
      assert.equal(unique, N, "lost=0");

      // The monitor polls the dead node first: it moves on, shows the node down and the new leader.
      const monitor = await startMonitor({
        amqp: parseAmqpUrls(urls),
        managementUrl: [leader, ...others].map((n) => n.managementUrl).join(","),
        host: "127.0.0.1",
        port: 0,
        intervalSeconds: 1,
        thresholds: DEFAULT_THRESHOLDS,
      });
      try {
        const snapshot = await eventually("a snapshot with the killed node down", async () => {
          const s: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
          return s.source === "management" && s.nodes.some((n) => !n.running) ? s : undefined;
        });
        assert.deepEqual(
          snapshot.nodes.map((n) => [n.name, n.running]),
          cluster.nodes.map((n) => [n.name, n !== leader]),
        );
        assert.ok(others.some((n) => n.managementUrl === snapshot.polled), "polled a live node");
        const q = snapshot.queues.find((q) => q.name === QUEUE)!;
        assert.equal(q.type, "quorum");
        assert.notEqual(q.leader, leader.name);
        assert.ok(others.some((n) => n.name === q.leader), `new leader ${q.leader}`);
        assert.equal(q.members?.length, 3);
        assert.deepEqual(q.online?.toSorted(), others.map((n) => n.name).toSorted());

        const page = await (await fetch(monitor.url)).text();
        assert.match(page, /2 of 3 running/);
        assert.match(page, new RegExp(`class="node-card node-down" data-node="${leader.name}"`));
        assert.match(page, new RegExp(`${leader.name} \\(down\\)`));
      } finally {
        await monitor.close();
      }
    } finally {
      await remove();
    }
  },
});
