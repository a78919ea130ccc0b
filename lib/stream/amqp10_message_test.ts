import assert from "node:assert/strict";
import { readStreamMessage, StreamMessageTemplate } from "./amqp10_message.ts";
import { StreamEnvelopeReader } from "./stream_envelope_reader.ts";
import { readEnvelope } from "../messaging/envelope.ts";

const body = new TextEncoder().encode("Hello World");

function oneMessage(options: { extra?: Record<string, string>; body?: Uint8Array } = {}) {
  const template = new StreamMessageTemplate({
    producerId: "ana",
    host: "box",
    runId: "3f9a1b2c4d",
    contentType: "text/plain",
    extraHeaders: options.extra,
    body: options.body ?? body,
  });
  const out = new Uint8Array(template.length + 4);
  template.write(out, 2, 7, 1_796_683_061_288);
  return out.subarray(2, 2 + template.length);
}

Deno.test("a message written from the template reads back with its envelope, both ways", () => {
  const bytes = oneMessage({ extra: { region: "eu" } });
  const message = readStreamMessage(bytes);
  assert.deepEqual(message.body, body);
  assert.equal(message.properties.contentType, "text/plain");
  assert.equal(message.properties.timestamp?.getTime(), 1_796_683_061_288);
  assert.deepEqual(message.properties.headers, { region: "eu", producer_id: "ana", host: "box" });
  const decoded = readEnvelope(message.properties);
  const fast = new StreamEnvelopeReader().read(bytes, 0, bytes.length);
  assert.deepEqual(fast, decoded);
  assert.equal(fast?.seq, 7);
  assert.equal(fast?.runId, "3f9a1b2c4d");
  assert.equal(fast?.sentAtMs, 1_796_683_061_288);
});

Deno.test("long headers and bodies take the 4-byte forms and still read back", () => {
  const long = "x".repeat(300);
  const big = new Uint8Array(70_000).fill(1);
  const bytes = oneMessage({ extra: { note: long }, body: big });
  const message = readStreamMessage(bytes);
  assert.equal(message.body.length, 70_000);
  assert.equal((message.properties.headers as Record<string, string>).note, long);
  assert.equal(new StreamEnvelopeReader().read(bytes, 0, bytes.length)?.producerId, "ana");
});

Deno.test("cut or damaged messages: the fast reader says not ours, the full reader throws a RangeError", () => {
  const bytes = oneMessage();
  const reader = new StreamEnvelopeReader();
  // Cut anywhere before the data section (5 bytes of section header and length, then the body).
  const envelopeEnd = bytes.length - body.length - 5;
  for (let end = 0; end < envelopeEnd; end++) {
    assert.equal(reader.read(bytes, 0, end), undefined, `cut at ${end}`);
  }
  for (let end = 1; end < bytes.length; end++) {
    // A cut between sections leaves a shorter message; anywhere else a RangeError.
    try {
      readStreamMessage(bytes, 0, end);
    } catch (error) {
      assert.ok(error instanceof RangeError, `cut at ${end}: ${error}`);
    }
  }
  assert.throws(() => readStreamMessage(bytes, 0, 20), RangeError); // inside the message id
  const lying = bytes.slice();
  lying[lying.length - body.length - 1] = 200; // the body's length says more than there is
  assert.throws(() => readStreamMessage(lying), RangeError);
});

Deno.test("another client's message (an integer message id, no producer_id) is not ours", () => {
  // properties: list8 with message-id ulong 5; application-properties: {"k": "v"}; data "x"
  const bytes = new Uint8Array([
    0x00,
    0x53,
    0x73,
    0xc0,
    0x03,
    0x01,
    0x53,
    0x05,
    0x00,
    0x53,
    0x74,
    0xc1,
    0x07,
    0x02,
    0xa1,
    0x01,
    0x6b,
    0xa1,
    0x01,
    0x76,
    0x00,
    0x53,
    0x75,
    0xa0,
    0x01,
    0x78,
  ]);
  assert.equal(new StreamEnvelopeReader().read(bytes, 0, bytes.length), undefined);
  const message = readStreamMessage(bytes);
  assert.equal(message.properties.messageId, "5");
  assert.deepEqual(message.properties.headers, { k: "v" });
  assert.deepEqual(message.body, new Uint8Array([0x78]));
});
