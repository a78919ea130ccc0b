/**
 * Our delivery reader against amqp-client's own parser, on the same messages: pika's catalogue
 * (every field type, wide integers, non-UTF-8 strings, 100 KB of headers, empty and 10 MB
 * bodies), amqplib's typed numbers, and bodies around every size our reader treats apart (a
 * shared copy, one of its own, several body frames). Each message is read by a plain
 * `AMQPClient`, given back unacked, and read again by `SafeAmqpClient`, straight and through a
 * proxy that splits every frame over several reads: everything but the delivery tag and the
 * redelivered flag must be the same.
 */
import assert from "node:assert/strict";
import { AMQPClient, type AMQPMessage } from "@cloudamqp/amqp-client";
import { SafeAmqpClient } from "../lib/amqp/mod.ts";
import { publishCatalogue, publishTyped } from "./foreign_client.ts";
import { AMQP_URL, eventually, management, uniqueName, withConnection } from "./helpers.ts";
import { proxiedBroker } from "./tcp_proxy.ts";

/** Body sizes around the reader's limits: empty, in-heap, a shared copy, its own, frames. */
const BODY_SIZES = [0, 1, 64, 65, 2_048, 2_049, 131_063, 131_064, 300_000];

/** What a consumer sees of a message, but its delivery tag and redelivered flag. */
function seen(message: AMQPMessage) {
  return {
    exchange: message.exchange,
    routingKey: message.routingKey,
    consumerTag: message.consumerTag,
    properties: message.properties,
    bodySize: message.bodySize,
    body: message.body === null ? null : [...message.body],
    text: message.bodyToString(),
    isAcked: message.isAcked,
  };
}

/** Consumes `count` messages of `queue` with `client` (tag "reader"), then closes the channel. */
async function readAll(client: AMQPClient, queue: string, count: number) {
  const ch = await client.channel();
  await ch.prefetch(count);
  const messages: AMQPMessage[] = [];
  await ch.basicConsume(queue, { tag: "reader", noAck: false }, (msg) => void messages.push(msg));
  await eventually(
    `${count} messages from ${queue}`,
    () => messages.length >= count ? true : undefined,
    120_000, // a 10 MB body through the splitting proxy takes thousands of turns
    () => `${messages.length}`,
  );
  await ch.close(); // unacked: back to the queue, in order
  return messages;
}

Deno.test("our delivery reader hands consumers what amqp-client's own parser does", async () => {
  const queue = uniqueName("delivery-reader");
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.queueDeclare(queue, { durable: false });
    await ch.confirmSelect();
    for (const size of BODY_SIZES) {
      const body = new Uint8Array(size).map((_, i) => i % 251);
      await ch.basicPublish("", queue, body, {
        messageId: `size-${size}`,
        headers: { size, text: "é".repeat(size % 7) },
        timestamp: new Date(1_700_000_000_000),
        contentType: "application/octet-stream",
      });
    }
  });
  try {
    const cases = await publishCatalogue("", queue);
    await publishTyped("", queue);
    const count = BODY_SIZES.length + cases.length + 1;
    const plain = new AMQPClient(`${AMQP_URL}?frameMax=131072`);
    await plain.connect();
    const theirs = await readAll(plain, queue, count).finally(() => plain.close());
    // Pieces of 2,039 bytes: frame headers, properties and bodies split at every offset.
    const { proxy, url } = proxiedBroker(AMQP_URL, { chunkBytes: 2_039 });
    try {
      for (const [way, base] of [["straight", AMQP_URL], ["split", url]]) {
        const safe = new SafeAmqpClient(`${base}?frameMax=131072`);
        await safe.connect();
        const ours = await readAll(safe, queue, count).finally(() => safe.close());
        assert.equal(ours.length, theirs.length, way);
        for (let i = 0; i < theirs.length; i++) {
          const name = String(theirs[i].properties.messageId ?? theirs[i].properties.headers?.case);
          const what = `${way}: message ${i} (${name})`;
          assert.deepEqual(seen(ours[i]), seen(theirs[i]), what);
          assert.equal(ours[i].redelivered, true, `${what} came back`);
          assert.ok(safe.rawPropertiesOf(ours[i]).length > 0, `${what} keeps its properties`);
        }
      }
    } finally {
      await proxy.close();
    }
  } finally {
    await management.deleteQueue(queue);
  }
});
