import assert from "node:assert/strict";

import { Consumer } from "../lib/messaging/mod.ts";
import { SafeAmqpClient } from "../lib/amqp/mod.ts";
import { proxiedBroker } from "./tcp_proxy.ts";
import { AMQP_URL, eventually, queueDepth, testTopology, withConnection } from "./helpers.ts";

async function fill(queue: string, count: number): Promise<void> {
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.queueDeclare(queue, { durable: false });
    await ch.confirmSelect();
    for (let i = 0; i < count; i++) await ch.basicPublish("", queue, `m${i}`);
  });
}

Deno.test("a slow trickle is still acked: acks are flushed on a timer, not only every N", async () => {
  const t = testTopology("trickle");
  try {
    await fill(t.queue, 3);
    const conn = new SafeAmqpClient(AMQP_URL);
    await conn.connect();
    // Watch the acks the consumer sends on the real channel.
    let ackedUpTo = 0;
    const openChannel = conn.channel.bind(conn);
    conn.channel = async (id?: number) => {
      const ch = await openChannel(id);
      const basicAck = ch.basicAck.bind(ch);
      ch.basicAck = (tag: number, multiple?: boolean) => {
        ackedUpTo = Math.max(ackedUpTo, tag);
        return basicAck(tag, multiple);
      };
      return ch;
    };
    let handled = 0;
    const consumer = new Consumer(conn, {
      queue: t.queue,
      prefetch: 100,
      expect: 0,
      ackEvery: 100,
      ackIntervalMs: 100,
      maxRetries: 0,
      handler: () => void handled++,
    });
    const running = consumer.run().catch(() => undefined);
    await eventually(
      "the timer to ack all three (ackEvery is 100)",
      () => handled === 3 && ackedUpTo === 3 ? true : undefined,
      20_000,
      () => `handled ${handled}, acked up to delivery ${ackedUpTo}`,
    );
    // Drop the connection without a graceful stop: whatever was not acked would come back.
    await conn.close();
    await running;
    assert.equal(await queueDepth(t.queue), 0, "all three were acked by the timer");
  } finally {
    await t.cleanup();
  }
});

Deno.test("a handler still working when the connection drops: its message goes back to the queue", async () => {
  const t = testTopology("inhand");
  try {
    await fill(t.queue, 5);
    const conn = new SafeAmqpClient(AMQP_URL);
    await conn.connect();
    let started = 0;
    const consumer = new Consumer(conn, {
      queue: t.queue,
      prefetch: 10,
      expect: 0,
      ackEvery: 1,
      maxRetries: 0,
      handler: () => {
        started++;
        return new Promise(() => {}); // never finishes
      },
    });
    const running = consumer.run().catch(() => undefined);
    while (started < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await conn.close();
    await running;
    assert.equal(await queueDepth(t.queue), 5, "nothing acked that was not handled");
  } finally {
    await t.cleanup();
  }
});

Deno.test("stop() finishes the message in hand, acks it, and returns the rest", async () => {
  const t = testTopology("graceful");
  try {
    await fill(t.queue, 20);
    const result = await withConnection(async (conn) => {
      let handled = 0;
      const consumer = new Consumer(conn, {
        queue: t.queue,
        prefetch: 20,
        expect: 0,
        ackEvery: 20,
        maxRetries: 0,
        handler: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          if (++handled === 5) consumer.stop();
        },
      });
      return await consumer.run();
    });
    assert.equal(result.consumed, 5);
    assert.equal(await queueDepth(t.queue), 15);
  } finally {
    await t.cleanup();
  }
});

Deno.test("after a reconnect, no ack from the lost channel reaches the new one (no 'unknown delivery tag')", async () => {
  const t = testTopology("ack-channel");
  const { proxy, url } = proxiedBroker(AMQP_URL);
  const n = 10_000;
  try {
    await fill(t.queue, n);
    // A new channel takes a while to set up (as on a loaded machine): the ack timer fires
    // meanwhile, with acks still pending from the channel that was lost.
    const open = async (slowSetup: boolean) => {
      const conn = new SafeAmqpClient(url);
      await conn.connect();
      const openChannel = conn.channel.bind(conn);
      conn.channel = async (id?: number) => {
        const ch = await openChannel(id);
        const prefetch = ch.prefetch.bind(ch);
        ch.prefetch = async (count: number) => {
          if (slowSetup) await new Promise((resolve) => setTimeout(resolve, 300));
          return await prefetch(count);
        };
        return ch;
      };
      return conn;
    };
    let handled = 0;
    const consumer = new Consumer(await open(false), {
      queue: t.queue,
      prefetch: 1_000,
      expect: n,
      ackEvery: 65_535, // acks go by the timer only
      ackIntervalMs: 50,
      maxRetries: 0,
      handler: () => {
        if (++handled % 3_000 === 0 && handled < n) proxy.dropAll();
      },
      reconnect: () => open(true),
    });
    const result = await consumer.run();
    assert.ok(proxy.dropped >= 4, `connections were dropped (${proxy.dropped} sockets)`);
    assert.ok(result.consumed >= n, `consumed ${result.consumed}`);
    assert.ok(result.redelivered > 0, "what was not acked came again");
  } finally {
    await proxy.close();
    await t.cleanup();
  }
});
