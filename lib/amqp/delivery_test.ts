import assert from "node:assert/strict";
import type { AMQPChannel } from "@cloudamqp/amqp-client";
import { AMQPView } from "@cloudamqp/amqp-client/amqp-view";
import { Delivery, propertiesProblemOf, RAW_PROPERTIES } from "./delivery.ts";
import { encodeProperties } from "./raw_properties.ts";

const channel = {} as AMQPChannel;

Deno.test("Delivery decodes its properties when first read, as amqp-client decodes them", () => {
  const raw = encodeProperties({
    contentType: "text/plain",
    headers: { producer_id: "ana", n: 7, nested: { a: [1, "x"] } },
    messageId: "m-1",
    timestamp: new Date(1_700_000_000_000),
  });
  const message = new Delivery(channel);
  assert.deepEqual(message.properties, {}, "nothing to decode yet");
  message.setEncodedProperties(raw);
  assert.equal(message[RAW_PROPERTIES], raw);
  const expected = new AMQPView(raw.buffer, raw.byteOffset, raw.byteLength).getProperties(0)[0];
  assert.deepEqual(message.properties, expected);
  assert.equal(message.properties, message.properties, "decoded once, then kept");
  message.properties.headers!.added = "kept"; // as on a plain message, changes stay
  assert.equal(message.properties.headers?.added, "kept");
  message.properties = { appId: "set" };
  assert.deepEqual(message.properties, { appId: "set" });
});

Deno.test("Delivery's properties never throw: undecodable bytes read as none", () => {
  const message = new Delivery(channel);
  // Headers (flag 0x2000) holding one entry of the unknown field type "?".
  const raw = new Uint8Array([0x20, 0x00, 0, 0, 0, 3, 1, 0x61, 0x3f]);
  message.setEncodedProperties(raw);
  assert.deepEqual(message.properties, {});
  assert.match(propertiesProblemOf(message) ?? "", /header table could not be read/);
  assert.equal(message[RAW_PROPERTIES], raw, "the bytes stay readable");
});

Deno.test("Delivery reads the cluster id, which amqp-client's decoder leaves out", () => {
  // Flags: delivery-mode and cluster-id; then 2, then "cl".
  const message = new Delivery(channel);
  message.setEncodedProperties(new Uint8Array([0x10, 0x04, 2, 2, 0x63, 0x6c]));
  assert.deepEqual(message.properties, { deliveryMode: 2, clusterId: "cl" });
  assert.equal(propertiesProblemOf(message), undefined);
});
