/**
 * The live feed's taps against the real broker: capped, the oldest closed (its viewers told)
 * when a new one would pass the cap, and every tap queue deleted when its viewers leave.
 */
import assert from "node:assert/strict";
import { AmqpLink } from "../lib/amqp/mod.ts";
import { parseAmqpUrls } from "../lib/config.ts";
import { MessageFeed } from "../lib/feed/mod.ts";
import { AMQP_URL, eventually, management, uniqueName, withConnection } from "./helpers.ts";
import type { FeedBatch } from "../lib/shared/mod.ts";

/** Per routing key, whether a mandatory publish to `exchange` finds a queue (is not returned). */
function routable(exchange: string, keys: string[]): Promise<boolean[]> {
  return withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.confirmSelect();
    const returned = new Set<string>();
    ch.onReturn = (msg) => returned.add(msg.routingKey);
    for (const key of keys) await ch.basicPublish(exchange, key, "probe", {}, true);
    return keys.map((key) => !returned.has(key));
  });
}

Deno.test("taps are capped: a new one closes the oldest, whose viewers are told", async () => {
  const exchange = `${uniqueName("feed.cap")}.x`;
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.exchangeDeclare(exchange, "direct", { durable: false });
  });
  const link = new AmqpLink(parseAmqpUrls(AMQP_URL), "feed cap test");
  const feed = new MessageFeed(link, { maxTaps: 2 });
  try {
    const events: (FeedBatch | Error)[][] = [[], [], []];
    const leave = [];
    for (let i = 0; i < 3; i++) {
      leave.push(
        await feed.watch([{ exchange, routingKey: `key-${i}` }], (e) => events[i].push(e)),
      );
    }
    assert.equal(feed.taps, 2);
    assert.ok(events[0].some((e) => e instanceof Error && /at most 2 live feeds/.test(e.message)));
    assert.deepEqual([events[1].length, events[2].length], [0, 0], "the newer taps go on");
    // Routing says which taps exist: the closed one's binding is gone, the others route.
    await eventually(
      "key-0 unroutable, key-1 and key-2 routed",
      async () => {
        const r = await routable(exchange, ["key-0", "key-1", "key-2"]);
        return r.join() === "false,true,true" ? true : undefined;
      },
      20_000,
      async () => `routable: ${await routable(exchange, ["key-0", "key-1", "key-2"])}`,
    );
    for (const stop of leave) await stop();
    assert.equal(feed.taps, 0);
    await eventually(
      "no tap left: nothing routable",
      async () =>
        (await routable(exchange, ["key-1", "key-2"])).join() === "false,false" || undefined,
      20_000,
      async () => `routable: ${await routable(exchange, ["key-1", "key-2"])}`,
    );
  } finally {
    await feed.close();
    await link.close();
    await management.deleteExchange(exchange);
  }
});
