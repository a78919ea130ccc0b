import assert from "node:assert/strict";
import { AMQPView } from "@cloudamqp/amqp-client/amqp-view";
import {
  encodeProperties,
  propertyOffsets,
  RawPropertiesError,
  withHeaders,
} from "./raw_properties.ts";

/** Encodes properties the way amqp-client does, to build inputs. */
function encode(properties: Parameters<AMQPView["setProperties"]>[1]): Uint8Array {
  const view = new AMQPView(new ArrayBuffer(4096));
  const length = view.setProperties(0, properties);
  return new Uint8Array(view.buffer, 0, length).slice();
}

/** Decodes properties the way amqp-client does. */
function decode(raw: Uint8Array) {
  return new AMQPView(raw.buffer, raw.byteOffset, raw.byteLength).getProperties(0)[0];
}

Deno.test("withHeaders adds headers and keeps every other property byte for byte", () => {
  const raw = encode({
    contentType: "text/plain",
    contentEncoding: "gzip",
    headers: { keep: "me", n: 5 },
    deliveryMode: 2,
    messageId: "m-1",
    appId: "billing",
  });
  const out = withHeaders(raw, { "x-retries": 2, "x-error": "boom ✗" });
  const props = decode(out);
  assert.deepEqual(props.headers, { keep: "me", n: 5, "x-retries": 2, "x-error": "boom ✗" });
  assert.equal(props.contentType, "text/plain");
  assert.equal(props.contentEncoding, "gzip");
  assert.equal(props.messageId, "m-1");
  assert.equal(props.appId, "billing");
  assert.equal(props.deliveryMode, 2);
  // What follows the table is the same bytes: delivery mode (1), message id (1 + 3), app id
  // (1 + 7).
  const tail = raw.subarray(raw.length - 13);
  assert.deepEqual(out.subarray(out.length - tail.length), tail);
});

Deno.test("withHeaders replaces a header of the same name instead of adding a second", () => {
  const out = withHeaders(encode({ headers: { "x-retries": 1, other: true } }), {
    "x-retries": 2,
  });
  assert.deepEqual(decode(out).headers, { other: true, "x-retries": 2 });
});

Deno.test("withHeaders writes integers as int64 and adds a table where there was none", () => {
  const out = withHeaders(new Uint8Array([0, 0]), { wide: 3_000_000_000 });
  assert.equal(new DataView(out.buffer).getUint16(0), 0x2000, "only the headers flag is set");
  assert.equal(String.fromCharCode(out[2 + 4 + 1 + 4]), "l");
  assert.deepEqual(decode(out).headers, { wide: 3_000_000_000 });
});

Deno.test("withHeaders copies values it does not decode: int64 past 2^53, float32, decimals", () => {
  // A table written by hand: big (l 2^60+1), f (f 0.1 as float32), d (D scale 2, -5).
  const entries = [
    [3, ..."big"].map((c) => typeof c === "string" ? c.charCodeAt(0) : c),
    [0x6c, 0x10, 0, 0, 0, 0, 0, 0, 1],
    [1, 0x66, 0x66, 0x3d, 0xcc, 0xcc, 0xcd],
    [1, 0x64, 0x44, 2, 0xff, 0xff, 0xff, 0xfb],
  ].flat();
  const raw = new Uint8Array([0x20, 0, 0, 0, 0, entries.length, ...entries]);
  const out = withHeaders(raw, { "x-error": "e" });
  assert.deepEqual(out.subarray(6, 6 + entries.length), new Uint8Array(entries));
});

Deno.test("withHeaders refuses truncated properties and unknown field types", () => {
  assert.throws(() => withHeaders(new Uint8Array([0x20]), {}), RawPropertiesError);
  assert.throws(
    () => withHeaders(new Uint8Array([0x20, 0, 0, 0, 0, 9, 1, 0x6b]), {}),
    RawPropertiesError,
  );
  assert.throws(
    () => withHeaders(new Uint8Array([0x20, 0, 0, 0, 0, 3, 1, 0x6b, 0x5a]), {}),
    /unknown field type 'Z'/,
  );
});

Deno.test("propertyOffsets finds the message id and timestamp behind every field before them", () => {
  const raw = encode({
    contentType: "text/plain",
    contentEncoding: "gzip",
    headers: { a: "x", b: 1 },
    deliveryMode: 2,
    priority: 4,
    correlationId: "c-1",
    replyTo: "reply",
    expiration: "500",
    messageId: "the-id",
    timestamp: new Date(1_700_000_000_000),
    type: "t",
  });
  const { messageId, timestamp } = propertyOffsets(raw);
  assert.equal(new TextDecoder().decode(raw.subarray(messageId!, messageId! + 6)), "the-id");
  assert.equal(raw[messageId! - 1], 6, "after the length byte");
  const seconds = new DataView(raw.buffer, raw.byteOffset).getBigUint64(timestamp!);
  assert.equal(seconds, 1_700_000_000n);
  assert.deepEqual(propertyOffsets(encode({ deliveryMode: 2 })), {});
});

Deno.test("encodeProperties encodes as amqp-client does", () => {
  const properties = { contentType: "text/plain", headers: { k: "v" }, deliveryMode: 2 };
  assert.deepEqual(encodeProperties(properties), encode(properties));
  assert.deepEqual([...encodeProperties({ deliveryMode: 2 })], [0x10, 0x00, 2]);
});
