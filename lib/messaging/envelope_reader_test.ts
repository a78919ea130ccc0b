import assert from "node:assert/strict";
import type { AMQPProperties } from "@cloudamqp/amqp-client";
import { AMQPView } from "@cloudamqp/amqp-client/amqp-view";
import { encodeProperties } from "../amqp/mod.ts";
import { readEnvelope, readSender } from "./envelope.ts";
import { EnvelopeReader } from "./envelope_reader.ts";
import { runMessageId } from "./run_message_id.ts";

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, values: T[]): T {
  return values[Math.floor(r() * values.length)];
}

/** A message id: ours (of a few runs, so the reader's memory is used), nearly ours, or other. */
function messageIdOf(r: () => number): string | undefined {
  const ours = runMessageId({
    sentAtMs: Math.floor(r() * 2 ** 48),
    runId: pick(r, ["0123456789", "abcdef0123", "ffffffffff"]),
    seq: 1 + Math.floor(r() * 0xffff_fffe),
  });
  const at = Math.floor(r() * ours.length);
  return pick(r, [
    ours,
    ours,
    undefined,
    ours.slice(0, at) + pick(r, ["A", "g", "-", "8", "0", "é"]) + ours.slice(at + 1),
    ours.toUpperCase(),
    "019ae8f3-c2a1-73f9-8a1b-2c4d0000007b",
    `${ours.slice(0, 28)}00000000`,
    `${ours}x`,
  ]);
}

/** A header value of any type amqp-client encodes. */
function valueOf(r: () => number): unknown {
  return pick(r, [
    "ana",
    "",
    "ünïcödé",
    7,
    -(2 ** 40),
    1.5,
    true,
    null,
    new Uint8Array([1, 2]),
    { nested: "x", n: 1 },
    ["a", 1],
    new Date(1_700_000_000_000),
  ]);
}

function propertiesOf(r: () => number): AMQPProperties {
  const headers: Record<string, unknown> = {};
  for (const name of ["producer_id", "host", "other", "seq", "run_id", "x-death"]) {
    if (r() < 0.6) headers[name] = name === "producer_id" && r() < 0.5 ? "shop" : valueOf(r);
  }
  const props: AMQPProperties = {};
  if (r() < 0.8) props.headers = headers as AMQPProperties["headers"];
  const messageId = messageIdOf(r);
  if (messageId !== undefined) props.messageId = messageId;
  if (r() < 0.5) props.contentType = "text/plain";
  if (r() < 0.3) props.contentEncoding = "gzip";
  if (r() < 0.5) props.deliveryMode = 2;
  if (r() < 0.2) props.priority = 3;
  if (r() < 0.2) props.correlationId = "c";
  if (r() < 0.2) props.replyTo = "r";
  if (r() < 0.2) props.expiration = "1000";
  if (r() < 0.5) props.timestamp = new Date(1_700_000_000_000);
  if (r() < 0.2) props.type = "t";
  return props;
}

Deno.test("EnvelopeReader reads encoded properties as readEnvelope reads them decoded", () => {
  const r = random(30);
  const reader = new EnvelopeReader();
  let ours = 0;
  for (let i = 0; i < 20_000; i++) {
    const raw = encodeProperties(propertiesOf(r));
    const decoded = new AMQPView(raw.buffer, raw.byteOffset, raw.byteLength).getProperties(0)[0];
    const expected = readEnvelope(decoded);
    assert.deepEqual(reader.read(raw), expected, JSON.stringify(decoded));
    if (expected) ours++;
  }
  assert.ok(ours > 1_000 && ours < 19_000, `both kinds were read (${ours} of ours)`);
});

Deno.test("EnvelopeReader.readSender reads the sender's headers as readSender reads them decoded", () => {
  const r = random(31);
  const reader = new EnvelopeReader();
  let named = 0;
  for (let i = 0; i < 20_000; i++) {
    const raw = encodeProperties(propertiesOf(r));
    const decoded = new AMQPView(raw.buffer, raw.byteOffset, raw.byteLength).getProperties(0)[0];
    const expected = readSender(decoded);
    assert.deepEqual(reader.readSender(raw), expected, JSON.stringify(decoded));
    if (expected) named++;
  }
  assert.ok(named > 1_000 && named < 19_000, `both kinds were read (${named} named)`);
});

Deno.test("EnvelopeReader calls unreadable properties foreign instead of throwing", () => {
  const reader = new EnvelopeReader();
  const raw = encodeProperties({
    headers: { producer_id: "p", host: "h" },
    messageId: runMessageId({ sentAtMs: 1, runId: "0123456789", seq: 1 }),
  });
  assert.ok(reader.read(raw), "whole: ours");
  for (let cut = 0; cut < raw.length; cut++) {
    assert.equal(reader.read(raw.subarray(0, cut)), undefined, `cut at ${cut}`);
  }
  const badType = raw.slice();
  badType[badType.indexOf(0x53)] = 0x3f; // the first "S" type tag becomes "?"
  assert.equal(reader.read(badType), undefined);
});
