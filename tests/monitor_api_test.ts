/**
 * The monitor's HTTP API against the real broker and management API.
 */
import assert from "node:assert/strict";
import type { QueueSnapshot, Snapshot } from "../lib/shared/mod.ts";
import {
  eventually,
  management,
  produceOk,
  queueDepth,
  spawnScript,
  testTopology,
  withConnection,
} from "./helpers.ts";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";

Deno.test("/api/overview reflects a produce of 1,000 messages; / renders it without JavaScript", async () => {
  const t = testTopology("overview");
  const monitor = await startTestMonitor();
  try {
    await produceOk([...t.flags, "--count", "1000"]);
    const queue = await eventually("the overview to show 1,000 ready", async () => {
      const snap: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
      const q = snap.queues.find((q) => q.name === t.queue);
      return q?.ready === 1_000 ? q : undefined;
    });
    assert.equal(queue.total, 1_000);
    assert.equal(queue.status, "warn", "1,000 is the default yellow threshold");

    const html = await (await fetch(`${monitor.url}/?name=${encodeURIComponent(t.queue)}`)).text();
    const row = html.match(
      new RegExp(`data-queue="${t.queue.replaceAll(".", "\\.")}".*?</tr>`),
    )?.[0];
    assert.ok(row, "the queue has a server-rendered row");
    assert.match(row, /data-field="ready" title="1,000">1K</);
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("/api/stream sends a new snapshot within two intervals, one poll for all viewers", async () => {
  const monitor = await startTestMonitor({ intervalSeconds: 1 });
  try {
    await monitor.context.poller.latest();
    const pollsBefore = monitor.context.poller.polls;
    const started = Date.now();
    const viewers = await Promise.all(
      Array.from(
        { length: 10 },
        () => readEvents(`${monitor.url}/api/stream`, (events) => events.length >= 3),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    for (const events of viewers) {
      assert.equal(events.length, 3);
      assert.ok(events.every((e) => e.event === "snapshot"));
      const [, second, third] = events.map((e) => JSON.parse(e.data) as Snapshot);
      assert.ok(third.at > second.at, "each event is a newer snapshot");
    }
    assert.ok(seconds <= 2 * 2 + 1, `three snapshots (the current one + two new) took ${seconds}s`);
    const polls = monitor.context.poller.polls - pollsBefore;
    assert.ok(polls <= Math.ceil(seconds) + 1, `${polls} polls in ${seconds}s for 10 viewers`);
    await eventually(
      "viewers that left to be unsubscribed",
      () => monitor.context.poller.subscribers === 0 || undefined,
    );
  } finally {
    await monitor.close();
  }
});

Deno.test("/api/feed shows a message published after the viewer connected; the work queue still gets it", async () => {
  const t = testTopology("feed");
  const monitor = await startTestMonitor();
  try {
    await produceOk([
      ...t.flags,
      "--count",
      "1",
      "--purge",
      "--text",
      "before",
    ]);
    await eventually(
      "the queue's bindings in the management API",
      async () =>
        (await management.queueBindings(t.queue)).some((b) => b.source === t.exchange) || undefined,
    );
    const marker = `feed-${crypto.randomUUID()}`;
    const events = await readEvents(
      `${monitor.url}/api/feed?queue=${encodeURIComponent(t.queue)}`,
      (events) => events.some((e) => e.event === "messages" && e.data.includes(marker)),
      15_000,
      async () => {
        await produceOk([
          ...t.flags,
          "--count",
          "1",
          "--text",
          marker,
          "--producer-id",
          "ana",
        ]);
        const tap = (await management.queues()).find((q) => q.name.startsWith("monitor.feed."));
        assert.ok(tap, "the tap queue exists while the viewer watches");
        const snapshot = await monitor.context.poller.poll();
        assert.ok(!snapshot.queues.some((q) => q.name === tap.name), "and is not shown as a queue");
      },
    );
    assert.equal(events[0].event, "ready");
    const batch = JSON.parse(events.find((e) => e.event === "messages")!.data);
    const message = batch.messages.find((m: { body: string }) => m.body === marker);
    assert.equal(message.producerId, "ana");
    assert.equal(message.seq, 1);
    assert.equal(message.exchange, t.exchange);
    assert.ok(!events.some((e) => e.data.includes('"before"')), "only messages after connecting");
    assert.equal(await queueDepth(t.queue), 2, "watching took nothing from the work queue");
    await eventually(
      "the tap to be removed when the viewer left",
      () => monitor.context.feed.taps === 0 || undefined,
    );
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("/api/feed refuses what cannot be tapped", async () => {
  const absent = `no.such.exchange.${crypto.randomUUID()}`;
  const monitor = await startTestMonitor({ publishExchanges: [absent] });
  try {
    const missing = await fetch(`${monitor.url}/api/feed?exchange=${absent}`);
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /does not exist/);
    const neither = await fetch(`${monitor.url}/api/feed`);
    assert.equal(neither.status, 400);
    await neither.body?.cancel();
  } finally {
    await monitor.close();
  }
});

Deno.test("POST /api/publish: confirmed before it answers, with the message ids", async () => {
  const t = testTopology("publish");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  try {
    await produceOk([...t.flags, "--count", "1"]);
    const response = await fetch(`${monitor.url}/api/publish`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        exchange: t.exchange,
        routing_key: "work",
        body: "from the api",
        count: 3,
        headers: { trace: "t-1", n: 7 },
      }),
    });
    const answer = await response.json();
    assert.equal(response.status, 200, JSON.stringify(answer));
    assert.deepEqual([answer.published, answer.confirmed, answer.returned], [3, 3, 0]);
    assert.equal(answer.message_ids.length, 3);
    assert.equal(new Set(answer.message_ids).size, 3);
    assert.equal(await queueDepth(t.queue), 4, "confirmed means queued");
    const msg = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.basicGet(t.queue, { noAck: false }); // the produce run's message
      return await ch.basicGet(t.queue, { noAck: false });
    });
    assert.equal(msg?.bodyToString(), "from the api");
    assert.equal(msg?.properties.headers?.trace, "t-1");
    assert.equal(msg?.properties.headers?.producer_id, "monitor");
    assert.ok(answer.message_ids.includes(msg?.properties.messageId));
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("POST /api/publish rejects bad requests with a 4xx and a clear message", async () => {
  const missing = `missing.${crypto.randomUUID()}`;
  const monitor = await startTestMonitor({ publishExchanges: ["amq.direct", missing] });
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${monitor.url}/api/publish`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const cases: [string, number, RegExp][] = [
    ["not json", 400, /must be JSON/],
    ["[1,2]", 400, /JSON object/],
    [JSON.stringify({ body: "x" }), 400, /'exchange' is required/],
    [JSON.stringify({ exchange: "", body: "x" }), 400, /'routing_key' must name the queue/],
    [
      JSON.stringify({ exchange: missing, routing_key: "k", body: "x" }),
      404,
      /does not exist/,
    ],
    [JSON.stringify({ exchange: "amq.direct", routing_key: "k" }), 400, /'body' is required/],
    [
      JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "x".repeat(70_000) }),
      413,
      /at most 65536/,
    ],
    [
      JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "x".repeat(200_000) }),
      413,
      /over/,
    ],
    [
      JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "x", count: 5_000 }),
      422,
      /'count' must be a whole number from 1 to 1000/,
    ],
    [
      JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "x", count: 1.5 }),
      422,
      /'count'/,
    ],
    [
      JSON.stringify({
        exchange: "amq.direct",
        routing_key: "k",
        body: "x",
        headers: { a: { b: 1 } },
      }),
      422,
      /header 'a' must be a string/,
    ],
    [
      JSON.stringify({
        exchange: "amq.direct",
        routing_key: "k",
        body: "x",
        headers: { host: "h" },
      }),
      422,
      /set by the toolkit/,
    ],
    [
      JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "x", bogus: 1 }),
      400,
      /unknown field 'bogus'/,
    ],
  ];
  const valid = JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "x" });
  try {
    for (const [body, status, pattern] of cases) {
      const response = await post(body);
      const text = await response.text();
      assert.equal(response.status, status, `${body.slice(0, 60)} -> ${text}`);
      assert.match(JSON.parse(text).error, pattern);
    }
    // Another site's page may not publish through the monitor, by form, text or fetch.
    const crossSite = await post(valid, { origin: "https://evil.example" });
    assert.equal(crossSite.status, 403);
    assert.match((await crossSite.json()).error, /cross-site/);
    const fetchedCrossSite = await post(valid, { "sec-fetch-site": "cross-site" });
    assert.equal(fetchedCrossSite.status, 403);
    await fetchedCrossSite.body?.cancel();
    const asText = await post(valid, { "content-type": "text/plain" });
    assert.equal(asText.status, 415);
    assert.match((await asText.json()).error, /application\/json/);
    const sameSite = await post(valid, { origin: monitor.url });
    assert.equal(sameSite.status, 200, await sameSite.clone().text());
    assert.equal((await sameSite.json()).returned, 1, "amq.direct has no binding for 'k'");
  } finally {
    await monitor.close();
  }
});

Deno.test("pages carry security headers", async () => {
  const monitor = await startTestMonitor();
  try {
    const response = await fetch(`${monitor.url}/`);
    await response.body?.cancel();
    assert.match(response.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("referrer-policy"), "same-origin");
    const missing = await fetch(`${monitor.url}/queues/no-such-queue-${crypto.randomUUID()}`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await monitor.close();
  }
});

Deno.test("a queue's consumers are shown by the client's own connection name", async () => {
  const t = testTopology("consumer-names");
  const monitor = await startTestMonitor();
  await produceOk([...t.flags, "--count", "1"]);
  const consumer = spawnScript("consume", ["--queue", t.queue, "--name", "Ana"]);
  try {
    const html = await eventually("the consumer on the queue page", async () => {
      const page = await (await fetch(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`))
        .text();
      // The broker fills in a new consumer's channel details a moment after it subscribed.
      return page.includes(">consume Ana<") ? page : undefined;
    });
    assert.match(html, /data-field="client">consume Ana</);
  } finally {
    consumer.kill("SIGINT");
    await consumer.done;
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("a queue's identity: feature badges in /api/queues, arguments and policy on its page", async () => {
  const t = testTopology("identity");
  const monitor = await startTestMonitor();
  try {
    await produceOk([...t.flags, "--count", "1", "--dead-letter", "--message-ttl", "60000"]);
    const queue = await eventually("the queue with its features", async () => {
      const page = await (await fetch(
        `${monitor.url}/api/queues?name=${encodeURIComponent(t.queue)}`,
      )).json();
      return page.items.find((q: QueueSnapshot) => q.name === t.queue) as QueueSnapshot | undefined;
    });
    assert.deepEqual(queue.features, [
      { label: "D", title: "durable" },
      { label: "TTL", title: "x-message-ttl: 60000" },
      { label: "DLX", title: `x-dead-letter-exchange: ${t.queue}.dlx` },
    ]);
    const html = await (await fetch(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`)).text();
    assert.match(html, /data-field="settings"/);
    assert.match(html, /x-message-ttl: 60000/);
    assert.match(html, new RegExp(`data-field="crumb">${t.queue.replaceAll(".", "\\.")}<`));
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});
