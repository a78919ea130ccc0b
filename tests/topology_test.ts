import assert from "node:assert/strict";
import { declareTopology, EXCHANGE_TYPES, type Topology } from "../lib/amqp/mod.ts";
import { management, queueDepth, testTopology, withConnection } from "./helpers.ts";

for (const exchangeType of EXCHANGE_TYPES) {
  Deno.test(`a ${exchangeType} exchange routes one publish into the work and the audit queue`, async () => {
    const t = testTopology(`route-${exchangeType}`);
    const topology: Topology = {
      ...t,
      exchangeType,
      routingKey: "work",
      durable: false,
      lazy: false,
      queueType: "classic",
      priority: false,
    };
    try {
      await withConnection(async (conn) => {
        await declareTopology(conn, topology);
        await declareTopology(conn, topology); // idempotent
        const ch = await conn.channel();
        await ch.confirmSelect();
        await ch.basicPublish(t.exchange, "work", "hello", { headers: { any: "header" } });
      });
      assert.equal(await queueDepth(t.queue), 1);
      assert.equal(await queueDepth(t.auditQueue), 1);
    } finally {
      await t.cleanup();
    }
  });
}

Deno.test("a quorum topology is durable and typed on the broker", async () => {
  const t = testTopology("quorum");
  try {
    await withConnection((conn) =>
      declareTopology(conn, {
        ...t,
        exchangeType: "direct",
        routingKey: "work",
        durable: false,
        lazy: false,
        queueType: "quorum",
        priority: false,
      })
    );
    const q = await management.queue(t.queue);
    assert.equal(q?.type, "quorum");
    assert.equal(q?.durable, true, "quorum queues are always durable");
  } finally {
    await t.cleanup();
  }
});
