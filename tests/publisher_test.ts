import assert from "node:assert/strict";
import { publishMessages } from "../lib/messaging/mod.ts";
import { queueDepth, testTopology, withConnection } from "./helpers.ts";

const body = new TextEncoder().encode("hi");
const noProperties = () => ({});

Deno.test("unroutable messages are returned and counted, not confirmed", async () => {
  const t = testTopology("returned");
  try {
    const result = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.exchangeDeclare(t.exchange, "direct", { durable: false });
      return await publishMessages(conn, {
        exchange: t.exchange,
        routingKey: "nowhere",
        count: 50,
        body,
        properties: noProperties,
        confirmWindow: 10,
        rate: 0,
      });
    });
    assert.deepEqual([result.published, result.confirmed, result.returned, result.nacked], [
      50,
      0,
      50,
      0,
    ]);
    assert.equal(result.error, undefined);
  } finally {
    await t.cleanup();
  }
});

Deno.test("messages the broker refuses (a full reject-publish queue) are counted as nacked", async () => {
  const t = testTopology("nacked");
  try {
    const result = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false }, {
        "x-max-length": 20,
        "x-overflow": "reject-publish",
      });
      return await publishMessages(conn, {
        exchange: "",
        routingKey: t.queue,
        count: 50,
        body,
        properties: noProperties,
        confirmWindow: 1, // one at a time, so exactly the first 20 fit
        rate: 0,
      });
    });
    assert.deepEqual([result.published, result.confirmed, result.nacked, result.returned], [
      50,
      20,
      30,
      0,
    ]);
    assert.equal(await queueDepth(t.queue), 20);
  } finally {
    await t.cleanup();
  }
});

Deno.test("nacked messages are published again on a new channel, nackRetries times, then counted", async () => {
  const t = testTopology("nack-retry");
  try {
    const { result, channelsOpened } = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false }, {
        "x-max-length": 20,
        "x-overflow": "reject-publish",
      });
      let opened = 0;
      const channel = conn.channel.bind(conn);
      conn.channel = (id?: number) => (opened++, channel(id));
      const result = await publishMessages(conn, {
        exchange: "",
        routingKey: t.queue,
        count: 30,
        body,
        properties: noProperties,
        // All at once: the broker answers with multiple nacks, and one round per retry.
        confirmWindow: 30,
        rate: 0,
        nackRetries: 2,
      });
      return { result, channelsOpened: opened };
    });
    // The queue takes 20; the other 10 are refused three times each (first try + 2 retries).
    assert.deepEqual([result.confirmed, result.nacked, result.retriedNacks], [20, 10, 20]);
    assert.equal(result.republished, 0, "retries after a nack are not reconnect re-publishes");
    assert.equal(channelsOpened, 3, "the first channel, then a new one for each round of retries");
    assert.equal(await queueDepth(t.queue), 20);
  } finally {
    await t.cleanup();
  }
});

Deno.test("the confirm window bounds messages in flight; progress comes every N confirms", async () => {
  const t = testTopology("window");
  try {
    const seen: number[] = [];
    const result = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false });
      return await publishMessages(conn, {
        exchange: "",
        routingKey: t.queue,
        count: 1_000,
        body,
        properties: noProperties,
        confirmWindow: 50,
        rate: 0,
        progressEvery: 250,
        onProgress: (p) => {
          assert.ok(p.published - p.confirmed <= 50, `in flight ${p.published - p.confirmed}`);
          seen.push(p.confirmed);
        },
      });
    });
    assert.equal(result.confirmed, 1_000);
    assert.deepEqual(seen, [250, 500, 750, 1_000]);
    assert.equal(await queueDepth(t.queue), 1_000);
  } finally {
    await t.cleanup();
  }
});

Deno.test("--rate caps the publish rate", async () => {
  const t = testTopology("rate");
  try {
    const result = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false });
      return await publishMessages(conn, {
        exchange: "",
        routingKey: t.queue,
        count: 100,
        body,
        properties: noProperties,
        confirmWindow: 100,
        rate: 200,
      });
    });
    // 100 messages at 200/s: the last one may go no earlier than 99/200 s after the first.
    assert.ok(result.seconds >= 0.49, `took ${result.seconds}s`);
    assert.equal(result.confirmed, 100);
  } finally {
    await t.cleanup();
  }
});

Deno.test("an aborted run stops publishing and still waits for what is in flight", async () => {
  const t = testTopology("abort");
  try {
    const stop = new AbortController();
    const result = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false });
      return await publishMessages(conn, {
        exchange: "",
        routingKey: t.queue,
        count: 1_000_000,
        body,
        properties: noProperties,
        confirmWindow: 100,
        rate: 0,
        progressEvery: 1_000,
        onProgress: () => stop.abort(),
        signal: stop.signal,
      });
    });
    assert.ok(result.published < 1_000_000);
    assert.equal(result.confirmed, result.published, "every published message confirmed");
    assert.equal(await queueDepth(t.queue), result.published);
  } finally {
    await t.cleanup();
  }
});
