import assert from "node:assert/strict";
import { AMQPView } from "@cloudamqp/amqp-client/amqp-view";
import { type BasicProperties, decodeBasicProperties } from "./basic_properties.ts";
import { encodeProperties } from "./raw_properties.ts";

const encoder = new TextEncoder();

/**
 * `properties` encoded as a publisher would: amqp-client's encoder for the thirteen it knows,
 * then the cluster id (the last field, flag 0x0004), which it leaves out.
 */
function encode(properties: BasicProperties): Uint8Array {
  const { clusterId, ...known } = properties;
  const raw = encodeProperties(known);
  if (clusterId === undefined) return raw;
  const text = encoder.encode(clusterId);
  const out = new Uint8Array(raw.length + 1 + text.length);
  out.set(raw);
  out[1] |= 0x04;
  out[raw.length] = text.length;
  out.set(text, raw.length + 1);
  return out;
}

const ALL: BasicProperties = {
  contentType: "application/json",
  contentEncoding: "identity",
  headers: { n: 7, s: "x", nested: { a: [1, "two"] } },
  deliveryMode: 2,
  priority: 5,
  correlationId: "corr-1",
  replyTo: "replies",
  expiration: "60000",
  messageId: "m-1",
  timestamp: new Date(1_700_000_000_000),
  type: "order.created",
  userId: "guest",
  appId: "billing",
  clusterId: "cl",
};

Deno.test("decodeBasicProperties reads all fourteen properties at once, the cluster id too", () => {
  assert.deepEqual(decodeBasicProperties(encode(ALL)), { properties: ALL });
});

Deno.test("decodeBasicProperties reads each property alone", () => {
  for (const [name, value] of Object.entries(ALL)) {
    const one = { [name]: value } as BasicProperties;
    assert.deepEqual(decodeBasicProperties(encode(one)), { properties: one }, name);
  }
  assert.deepEqual(decodeBasicProperties(new Uint8Array([0, 0])), { properties: {} });
});

Deno.test("decodeBasicProperties reads the thirteen amqp-client knows as amqp-client does", () => {
  const { clusterId: _, ...known } = ALL;
  const raw = encodeProperties(known);
  const theirs = new AMQPView(raw.buffer, raw.byteOffset, raw.byteLength).getProperties(0)[0];
  assert.deepEqual(decodeBasicProperties(raw).properties, theirs);
});

Deno.test("decodeBasicProperties never throws: truncated properties keep what was read", () => {
  const raw = encode(ALL);
  for (let length = 0; length < raw.length; length++) {
    const { properties, problem } = decodeBasicProperties(raw.subarray(0, length));
    assert.match(problem ?? "", /truncated/, `cut at ${length} bytes`);
    const names = Object.keys(properties);
    assert.deepEqual(names, Object.keys(ALL).slice(0, names.length), "the fields before the cut");
  }
  const cut = decodeBasicProperties(raw.subarray(0, raw.length - 1));
  assert.equal(cut.problem, "cluster_id is truncated");
  assert.equal(cut.properties.appId, "billing");
});

Deno.test("an unreadable header table is reported and skipped: the fields after it are read", () => {
  // Headers holding one entry of the unknown field type "?", then delivery mode and cluster id.
  const raw = new Uint8Array([0x30, 0x04, 0, 0, 0, 3, 1, 0x61, 0x3f, 2, 2, 0x63, 0x6c]);
  const { properties, problem } = decodeBasicProperties(raw);
  assert.deepEqual(properties, { deliveryMode: 2, clusterId: "cl" });
  assert.match(problem ?? "", /header table could not be read.*'63'/);
  // An entry whose string runs past the end of the table, though not of the properties.
  const past = new Uint8Array([0x20, 0x04, 0, 0, 0, 7, 1, 0x61, 0x53, 0, 0, 0, 9, 2, 0x63, 0x6c]);
  const read = decodeBasicProperties(past);
  assert.deepEqual(read.properties, { clusterId: "cl" });
  assert.match(read.problem ?? "", /runs past the end of the table/);
});

Deno.test("flag bits AMQP 0-9-1 does not define are refused, not guessed at", () => {
  for (const flags of [0x0001, 0x0002]) {
    const { properties, problem } = decodeBasicProperties(new Uint8Array([0x10, flags, 2]));
    assert.deepEqual(properties, {});
    assert.match(problem ?? "", /does not define/);
  }
});
