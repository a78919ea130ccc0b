import assert from "node:assert/strict";
import { envelopeFactory, readEnvelope } from "./envelope.ts";
import { readRunMessageId, runMessageId } from "./run_message_id.ts";

/** A UUIDv7 (RFC 9562): the message id another client (or an old envelope) may carry. */
const UUID_V7 = "018bcfe5-687b-7c3e-9d2a-4f1b2c3d4e5f";

Deno.test("envelopeFactory stamps a message id with seq, timestamp and the run's constants", () => {
  const next = envelopeFactory({
    producerId: "ana",
    host: "box",
    runId: "00000000b1",
    contentType: "text/plain",
    persistent: true,
    priority: 5,
  });
  const before = Date.now();
  const first = structuredClone(next(1));
  const second = structuredClone(next(2));
  assert.deepEqual(first.headers, { producer_id: "ana", host: "box" });
  assert.equal(readRunMessageId(first.messageId)?.seq, 1);
  assert.equal(readRunMessageId(second.messageId)?.seq, 2);
  assert.equal(readRunMessageId(second.messageId)?.runId, "00000000b1");
  assert.equal(first.deliveryMode, 2);
  assert.equal(first.priority, 5);
  assert.equal(first.contentType, "text/plain");
  assert.notEqual(first.messageId, second.messageId);
  const sent = readRunMessageId(first.messageId)!.sentAtMs;
  assert.ok(sent >= before && sent <= Date.now());
  assert.equal(
    first.timestamp!.getTime(),
    Math.floor(sent / 1000) * 1000,
    "whole seconds, as AMQP carries them",
  );
});

Deno.test("transient runs publish with delivery_mode 1 and no priority", () => {
  const props = envelopeFactory({
    producerId: "a",
    host: "h",
    contentType: "text/plain",
    persistent: false,
  })(1);
  assert.equal(props.deliveryMode, 1);
  assert.equal("priority" in props, false);
});

Deno.test("readEnvelope reads back what envelopeFactory wrote", () => {
  const props = envelopeFactory({
    producerId: "ana",
    host: "box",
    runId: "000000000f",
    contentType: "text/plain",
    persistent: false,
  })(42);
  const env = readEnvelope(structuredClone(props));
  assert.equal(env?.producerId, "ana");
  assert.equal(env?.host, "box");
  assert.equal(env?.seq, 42);
  assert.equal(env?.runId, "000000000f");
  assert.equal(env?.sentAtMs, readRunMessageId(props.messageId)!.sentAtMs);
});

Deno.test("readEnvelope calls foreign anything without our headers of the right types", () => {
  const ours = runMessageId({ sentAtMs: 1, runId: "abcdef0123", seq: 1 });
  const foreign = [
    undefined,
    { messageId: ours },
    { messageId: ours, headers: {} },
    { messageId: ours, headers: { producer_id: 7 } },
    { messageId: ours, headers: { producer_id: null, host: "h" } },
    { messageId: UUID_V7, headers: { producer_id: "p" } },
    // The envelope of earlier versions: run and sequence number in headers, beside a UUIDv7.
    { messageId: UUID_V7, headers: { producer_id: "amqplib", host: "h", seq: 9, run_id: "r" } },
    { messageId: ours.toUpperCase(), headers: { producer_id: "p" } },
    {},
    { headers: {} },
    { headers: { producer_id: "p", run_id: "r" } },
    { headers: { producer_id: "p", run_id: "r", seq: "1" } },
    { headers: { producer_id: "p", run_id: "r", seq: 0 } },
    { headers: { producer_id: "p", run_id: "r", seq: 1.5 } },
    { headers: { producer_id: 7, run_id: "r", seq: 1 } },
    { headers: { producer_id: "p", run_id: null, seq: 1 } },
  ];
  for (const props of foreign) {
    // deno-lint-ignore no-explicit-any
    assert.equal(readEnvelope(props as any), undefined, JSON.stringify(props));
  }
});

Deno.test("envelopeFactory refuses a run id a message id cannot carry at once", () => {
  assert.throws(
    () =>
      envelopeFactory({
        producerId: "p",
        host: "h",
        runId: "run-1",
        contentType: "text/plain",
        persistent: false,
      }),
    /run id "run-1": must be 10 lowercase hex digits/,
  );
});
