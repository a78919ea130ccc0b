import assert from "node:assert/strict";
import { AMQPChannel, type AMQPClient } from "@cloudamqp/amqp-client";
import { encodeProperties } from "./raw_properties.ts";
import { fixedProperties, FrameTooLargeError, PublishFrames } from "./publish_frames.ts";

/** What amqp-client's own basicPublish writes for the same publish (captured, not sent). */
async function amqpClientBytes(
  frameMax: number,
  publish: { exchange: string; routingKey: string; body: Uint8Array; mandatory: boolean },
  properties: Parameters<AMQPChannel["basicPublish"]>[3],
): Promise<Uint8Array> {
  let written: Uint8Array | undefined;
  const connection = {
    frameMax,
    bufferPool: [],
    textEncoder: new TextEncoder(),
    send: (bytes: Uint8Array) => {
      written = bytes.slice();
      return Promise.resolve();
    },
  } as unknown as AMQPClient;
  const channel = new AMQPChannel(connection, 5);
  const { exchange, routingKey, body, mandatory } = publish;
  await channel.basicPublish(exchange, routingKey, body, properties, mandatory);
  return written!;
}

Deno.test("PublishFrames encodes the bytes amqp-client's basicPublish writes", async () => {
  const properties = { contentType: "text/plain", deliveryMode: 2, headers: { seq: 1, h: "x" } };
  for (const size of [0, 11, 8_184, 8_185, 20_000]) {
    const publish = {
      exchange: "orders.x",
      routingKey: "örders",
      body: new Uint8Array(size).map((_, i) => i % 251),
      mandatory: size % 2 === 1,
    };
    const frames = new PublishFrames({
      ...publish,
      properties: fixedProperties(encodeProperties(properties)),
    });
    const ours = frames.encode({ id: 5, connection: { frameMax: 8_192 } }, 1, publish.body);
    assert.deepEqual(ours, await amqpClientBytes(8_192, publish, properties), `body of ${size}`);
  }
});

Deno.test("PublishFrames writes each message's properties through its writer", () => {
  const seen: number[] = [];
  const writer = {
    length: 2,
    write(out: Uint8Array, at: number, seq: number) {
      seen.push(seq);
      out[at] = 0;
      out[at + 1] = 0;
    },
  };
  const frames = new PublishFrames({ exchange: "", routingKey: "q", properties: writer });
  const bytes = frames.encode({ id: 300, connection: { frameMax: 4096 } }, 9, new Uint8Array([1]));
  assert.deepEqual(seen, [9]);
  assert.equal(new DataView(bytes.buffer).getUint16(1), 300, "the method frame's channel");
});

Deno.test("PublishFrames refuses properties larger than a frame before building anything", () => {
  const properties = fixedProperties(new Uint8Array(5000));
  const frames = new PublishFrames({ exchange: "", routingKey: "q", properties });
  const channel = { id: 1, connection: { frameMax: 4096 } };
  assert.throws(() => frames.encode(channel, 1, new Uint8Array()), FrameTooLargeError);
  assert.throws(
    () => new PublishFrames({ exchange: "x".repeat(256), routingKey: "", properties }),
    /255/,
  );
});
