/**
 * The library face (`mod.ts`) as a program of someone else's uses it: connect, declare, publish
 * with the envelope, consume with acks, inspect and purge, against the real broker.
 */
import assert from "node:assert/strict";
import { Broker, envelopeFactory, readEnvelope } from "../mod.ts";
import { AMQP_URL, testTopology } from "./helpers.ts";

Deno.test("mod.ts: Broker publishes 200 confirmed messages and consumes them with acks", async () => {
  const t = testTopology("library");
  const broker = await Broker.connect({ url: AMQP_URL, name: "library test" });
  try {
    await broker.declareTopology({
      exchange: t.exchange,
      exchangeType: "direct",
      routingKey: "new",
      queue: t.queue,
      auditQueue: t.auditQueue,
      durable: false,
      lazy: false,
      queueType: "classic",
      priority: false,
    });
    const published = await broker.publish({
      exchange: t.exchange,
      routingKey: "new",
      count: 200,
      body: (seq) => new TextEncoder().encode(`order ${seq}`),
      properties: envelopeFactory({
        producerId: "shop",
        host: "test",
        contentType: "text/plain",
        persistent: false,
      }),
      confirmWindow: 50,
      rate: 0,
    });
    assert.deepEqual([published.confirmed, published.nacked, published.returned], [200, 0, 0]);
    assert.equal((await broker.inspectQueue(t.queue))?.messageCount, 200);

    const seqs: number[] = [];
    const consumed = await broker.consumer({
      queue: t.queue,
      prefetch: 20,
      expect: 200,
      ackEvery: 10,
      maxRetries: 0,
      handler: (message, envelope) => {
        assert.equal(message.bodyToString(), `order ${envelope?.seq}`);
        assert.equal(readEnvelope(message.properties)?.producerId, "shop");
        seqs.push(envelope!.seq);
      },
    }).run();
    assert.deepEqual([consumed.consumed, consumed.duplicates, consumed.foreign], [200, 0, 0]);
    assert.deepEqual(seqs, Array.from({ length: 200 }, (_, i) => i + 1));
    assert.equal((await broker.inspectQueue(t.queue))?.messageCount, 0, "all acked");
    assert.deepEqual(await broker.purgeQueues([t.auditQueue]), { [t.auditQueue]: 200 });
    assert.equal(await broker.inspectQueue(`${t.queue}.missing`), undefined);
    assert.match(broker.endpoint, /^amqp:\/\//);
  } finally {
    await broker.close();
    await t.cleanup();
  }
});
