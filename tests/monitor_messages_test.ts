/**
 * The monitor as the tutorials' HTTP publish service (`POST /publish/?message=`), the full
 * publish API (priority, expiration, content type, persistence), and "get messages" that
 * leaves the queue as it was.
 */
import assert from "node:assert/strict";
import { readRunMessageId } from "../lib/messaging/mod.ts";
import type { InspectedMessage } from "../lib/shared/mod.ts";
import { publishCatalogue, publishWithPika } from "./foreign_client.ts";
import {
  management,
  produceOk,
  queueDepth,
  testTopology,
  uniqueName,
  withConnection,
} from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

interface PeekAnswer {
  queue: string;
  count: number;
  requeued: boolean;
  messages: InspectedMessage[];
  error?: string;
}

Deno.test("POST /publish/?message=TEXT publishes TEXT through the configured topology and answers its id", async () => {
  const t = testTopology("publish-service");
  await produceOk([...t.flags, "--count", "1", "--routing-key", "svc"]); // declares the topology
  const monitor = await startTestMonitor({
    publishTo: { exchange: t.exchange, routingKey: "svc" },
  });
  try {
    const response = await fetch(`${monitor.url}/publish/?message=${encodeURIComponent("héllo")}`, {
      method: "POST",
    });
    const answer = await response.json();
    assert.equal(response.status, 200, JSON.stringify(answer));
    assert.equal(readRunMessageId(answer.message_id)?.seq, 1, answer.message_id);
    assert.deepEqual([answer.confirmed, answer.exchange, answer.routing_key], [
      1,
      t.exchange,
      "svc",
    ]);
    assert.equal(await queueDepth(t.queue), 2);
    assert.equal(await queueDepth(t.auditQueue), 2, "through the exchange: the audit copy too");

    const peek: PeekAnswer = await (await fetch(
      `${monitor.url}/api/queues/${encodeURIComponent(t.queue)}/messages?count=2`,
    )).json();
    const published = peek.messages[1];
    assert.equal(published.body, "héllo");
    assert.equal(published.messageId, answer.message_id);
    assert.equal(published.producerId, "monitor");

    const bare = await fetch(`${monitor.url}/publish/`, { method: "POST" });
    assert.equal(bare.status, 400);
    assert.match((await bare.json()).error, /'message' is required/);
    const crossSite = await fetch(`${monitor.url}/publish?message=x`, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
    });
    assert.equal(crossSite.status, 403, "a page of another site cannot publish");
    await crossSite.body?.cancel();
    assert.equal(await queueDepth(t.queue), 2);
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("POST /publish/?message=hello works before its exchange exists: declared direct and durable, as the seed's service does", async () => {
  const logs = uniqueName("logs");
  const queue = `${logs}.q`;
  const monitor = await startTestMonitor({ publishTo: { exchange: logs, routingKey: "info" } });
  try {
    assert.equal(await management.exchange(logs), undefined, "no exchange yet");
    const first = await fetch(`${monitor.url}/publish/?message=hello`, { method: "POST" });
    const answer = await first.json();
    // Declared, but nothing is bound yet: the broker returned it, and the answer is no success.
    assert.equal(first.status, 422, JSON.stringify(answer));
    assert.deepEqual([answer.published, answer.returned, answer.exchange_declared], [1, 1, true]);
    assert.match(
      answer.error,
      new RegExp(`exchange '${logs}' has no binding for routing key 'info'`),
    );
    const exchange = await management.exchange(logs);
    assert.deepEqual([exchange?.type, exchange?.durable], ["direct", true]);

    // Bound now, as a subscriber of the seed's would bind: the next message lands.
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(queue, { durable: true });
      await ch.queueBind(queue, logs, "info");
    });
    const second = await fetch(`${monitor.url}/publish/?message=hello`, { method: "POST" });
    const again = await second.json();
    assert.equal(second.status, 200, JSON.stringify(again));
    assert.deepEqual([again.confirmed, again.returned, again.exchange_declared], [1, 0, undefined]);
    assert.equal(await queueDepth(queue), 1);
  } finally {
    await monitor.close();
    await management.deleteQueue(queue);
    await management.deleteExchange(logs);
  }
});

Deno.test("POST /api/publish never declares an exchange: one outside the write scope is refused and not created", async () => {
  const outside = uniqueName("not-allowed");
  const monitor = await startTestMonitor();
  try {
    const response = await fetch(`${monitor.url}/api/publish`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ exchange: outside, routing_key: "k", body: "x" }),
    });
    assert.equal(response.status, 403, await response.clone().text());
    await response.body?.cancel();
    assert.equal(await management.exchange(outside), undefined);
  } finally {
    await monitor.close();
  }
});

Deno.test("a pika message carrying the seed's producer_id and host shows its sender in the monitor", async () => {
  const t = testTopology("peek-seed");
  await produceOk([...t.flags, "--audit-queue", "", "--count", "1"]);
  await publishWithPika(t.exchange, "work", [{
    message_id: crypto.randomUUID(),
    headers: { producer_id: "pika-user", host: "laptop" },
    body: "from the seed's producer",
    timestamp: 1_700_000_000,
  }]);
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  try {
    const response = await fetch(
      `${monitor.url}/api/queues/${encodeURIComponent(t.queue)}/messages?count=2`,
    );
    const answer: PeekAnswer = await response.json();
    assert.equal(response.status, 200, answer.error);
    const seed = answer.messages[1];
    assert.deepEqual([seed.producerId, seed.host, seed.seq], ["pika-user", "laptop", null]);
    assert.equal(seed.headers.producer_id, seed.producerId, "the header and the sender agree");
    assert.equal(seed.timestamp, 1_700_000_000_000, "sent at its timestamp property");
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("POST /publish/?message= on a read-only monitor is refused and publishes nothing", async () => {
  const t = testTopology("publish-service-ro");
  await produceOk([...t.flags, "--count", "1"]);
  const monitor = await startTestMonitor({
    readOnly: true,
    publishTo: { exchange: t.exchange, routingKey: "work" },
  });
  try {
    const response = await fetch(`${monitor.url}/publish/?message=x`, { method: "POST" });
    assert.equal(response.status, 403);
    assert.match((await response.json()).error, /read-only/);
    assert.equal(await queueDepth(t.queue), 1);
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("POST /api/publish sets priority, expiration, content type and persistence", async () => {
  const t = testTopology("publish-props");
  await produceOk([...t.flags, "--count", "1", "--priority", "1"]);
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  try {
    const response = await fetch(`${monitor.url}/api/publish`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        exchange: t.exchange,
        routing_key: "work",
        body: '{"a":1}',
        priority: 7,
        expiration: 600_000,
        content_type: "application/json",
        persistent: false,
      }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    // Priority 7 overtakes the priority-1 message produce sent first.
    const msg = await withConnection(async (conn) => {
      const ch = await conn.channel();
      return await ch.basicGet(t.queue, { noAck: true });
    });
    assert.deepEqual(
      [
        msg?.properties.priority,
        msg?.properties.expiration,
        msg?.properties.contentType,
        msg?.properties.deliveryMode,
      ],
      [7, "600000", "application/json", 1],
    );
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("GET /api/queues/NAME/messages shows messages with properties and headers and leaves them in order", async () => {
  const t = testTopology("peek");
  await produceOk([...t.flags, "--audit-queue", "", "--count", "3", "--header", "tier=gold"]);
  await publishCatalogue(t.exchange, "work", [
    "all-field-types",
    "timestamp-max",
    "prototype-names",
  ]);
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  const outOfScope = await startTestMonitor();
  const peek = async (query: string) => {
    const response = await fetch(
      `${monitor.url}/api/queues/${encodeURIComponent(t.queue)}/messages${query}`,
    );
    return { status: response.status, answer: (await response.json()) as PeekAnswer };
  };
  try {
    const first = await peek("?count=10");
    assert.equal(first.status, 200, first.answer.error);
    assert.equal(first.answer.count, 6);
    assert.deepEqual(first.answer.messages.map((m) => m.seq), [1, 2, 3, null, null, null]);
    const ours = first.answer.messages[0];
    assert.equal(ours.headers.tier, "gold");
    assert.equal(ours.headers.producer_id, ours.producerId);
    assert.equal(ours.properties.content_type, "text/plain");
    assert.equal(ours.properties.message_id, ours.messageId);
    const foreign = first.answer.messages[3];
    assert.equal(foreign.headers.case, "all-field-types");
    assert.equal(foreign.headers.bytes, "0x0001feff", "bytes shown as hex");
    assert.equal(foreign.headers.string, "héllo wörld ✓");
    // Exact as pika sent them: 64-bit integers past 2^53 and decimals as text.
    assert.equal(foreign.headers["int64-max"], "9223372036854775807");
    assert.equal(foreign.headers["int64-min"], "-9223372036854775808");
    assert.equal(foreign.headers["above-2^53"], "9007199254740993");
    assert.equal(foreign.headers["int32-max"], 2147483647);
    assert.equal(foreign.headers.decimal, "3.14159");
    assert.equal(foreign.headers.timestamp, "2020-01-02T03:04:05.000Z");
    const farTimestamp = first.answer.messages[4];
    assert.equal(farTimestamp.headers.case, "timestamp-max");
    assert.equal(farTimestamp.properties.timestamp, "18446744073709551615", "not 1969");
    const prototypeNames = first.answer.messages[5].headers;
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
      assert.ok(Object.hasOwn(prototypeNames, name), `header '${name}' shown`);
      assert.equal(prototypeNames[name], `kept-${name}`);
    }

    assert.equal(await queueDepth(t.queue), 6, "the queue keeps every message");
    const again = await peek("?count=2");
    assert.deepEqual(again.answer.messages.map((m) => m.seq), [1, 2], "in their places");
    assert.ok(again.answer.messages.every((m) => m.redelivered), "handed back: redelivered");

    for (
      const [query, status, pattern] of [
        ["?count=0", 422, /'count' must be a whole number from 1 to 100/],
        ["?count=101", 422, /from 1 to 100/],
        ["?count=abc", 422, /'count'/],
      ] as const
    ) {
      const bad = await peek(query);
      assert.equal(bad.status, status, query);
      assert.match(bad.answer.error ?? "", pattern);
    }
    const missing = await fetch(`${monitor.url}/api/queues/${t.queue}.nope/messages`);
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /not found/);
    const crossSite = await fetch(`${monitor.url}/api/queues/${t.queue}/messages`, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    assert.equal(crossSite.status, 403);
    await crossSite.body?.cancel();
    // Getting marks messages redelivered: a monitor whose scope does not reach the queue refuses.
    const refused = await fetch(`${outOfScope.url}/api/queues/${t.queue}/messages`);
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).error, /outside this monitor's write scope/);
    assert.equal(await queueDepth(t.queue), 6, "nothing was touched");
  } finally {
    await monitor.close();
    await outOfScope.close();
    await t.cleanup();
  }
});

Deno.test("GET /api/queues/NAME/messages: a stream is refused with what to do instead; read-only refuses", async () => {
  const t = testTopology("peek-stream");
  await produceOk([...t.flags, "--audit-queue", "", "--queue-type", "stream", "--count", "1"]);
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  const readOnly = await startTestMonitor({ readOnly: true, publishExchanges: [t.exchange] });
  try {
    const stream = await fetch(`${monitor.url}/api/queues/${t.queue}/messages`);
    assert.equal(stream.status, 422);
    assert.match((await stream.json()).error, /is a stream.*live feed/);
    const refused = await fetch(`${readOnly.url}/api/queues/${t.queue}/messages`);
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).error, /read-only/);
  } finally {
    await monitor.close();
    await readOnly.close();
    await t.cleanup();
  }
});
