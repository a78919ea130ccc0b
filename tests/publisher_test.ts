import assert from "node:assert/strict";
import { encodeProperties, fixedProperties } from "../lib/amqp/mod.ts";
import { MAX_IN_FLIGHT_BYTES, publishMessages } from "../lib/messaging/mod.ts";
import { queueDepth, testTopology, withConnection } from "./helpers.ts";

const body = new TextEncoder().encode("hi");
const noProperties = () => ({});
/** The same empty properties, encoded once and written into frames we build ourselves. */
const encodedNoProperties = () => fixedProperties(encodeProperties({}));
/** Both ways a run's properties are given: a function (basicPublish), or encoded frames. */
const PROPERTY_KINDS = [
  ["basicPublish", () => noProperties],
  ["encoded frames", encodedNoProperties],
] as const;

for (const [kind, properties] of PROPERTY_KINDS) {
  Deno.test(`unroutable messages are returned and counted, not confirmed (${kind})`, async () => {
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
          properties: properties(),
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

  Deno.test(`messages the broker refuses (a full reject-publish queue) are counted as nacked (${kind})`, async () => {
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
          properties: properties(),
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
}

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

Deno.test("large messages fill the window by size: at most MAX_IN_FLIGHT_BYTES wait for confirms", async () => {
  const t = testTopology("in-flight-bytes");
  const size = 8 * 1024 * 1024;
  const count = 24; // 192 MB in all, three times the cap
  try {
    const { result, most } = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false });
      // What was handed to the socket minus what the broker confirmed, at its highest.
      let sent = 0, confirmed = 0, most = 0;
      const send = conn.send.bind(conn);
      conn.send = (bytes: Uint8Array) => {
        sent += bytes.length;
        most = Math.max(most, sent - confirmed * size);
        return send(bytes);
      };
      const result = await publishMessages(conn, {
        exchange: "",
        routingKey: t.queue,
        count,
        body: new Uint8Array(size),
        properties: encodedNoProperties(),
        confirmWindow: 5_000,
        rate: 0,
        onConfirm: () => confirmed++,
      });
      return { result, most };
    });
    assert.equal(result.confirmed, count);
    assert.ok(
      most <= MAX_IN_FLIGHT_BYTES + size + 64 * 1024,
      `${most} bytes were in flight at once (cap ${MAX_IN_FLIGHT_BYTES} and one message)`,
    );
    assert.equal(await queueDepth(t.queue), count);
  } finally {
    await t.cleanup();
  }
});
