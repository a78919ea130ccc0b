import assert from "node:assert/strict";
import { AMQPView } from "@cloudamqp/amqp-client/amqp-view";
import { envelopeFactory, type EnvelopeOptions, readEnvelope } from "./envelope.ts";
import { EnvelopeTemplate } from "./envelope_template.ts";
import { MAX_SEQ, readRunMessageId } from "./run_message_id.ts";
import type { MessageProperties } from "./message_types.ts";

const OPTIONS: EnvelopeOptions = {
  producerId: "ana",
  host: "box-1",
  runId: "00000000a7",
  contentType: "text/plain",
  persistent: true,
  priority: 3,
  expirationMs: 60_000,
  extraHeaders: { tenant: "eu", shard: 4 },
};

/** Decodes properties the way amqp-client does for a consumer. */
function decode(bytes: Uint8Array, at = 0): MessageProperties {
  return new AMQPView(bytes.buffer, bytes.byteOffset).getProperties(at)[0] as MessageProperties;
}

Deno.test("EnvelopeTemplate writes what envelopeFactory builds, read back by a consumer", () => {
  const template = new EnvelopeTemplate(OPTIONS);
  const expected = envelopeFactory(OPTIONS)(1);
  for (const seq of [1, 2, 255, 65_536, 2 ** 31 - 1, 2 ** 31, MAX_SEQ]) {
    const out = new Uint8Array(template.length + 7).fill(0xee);
    const before = Date.now();
    template.write(out, 3, seq);
    const after = Date.now();
    assert.deepEqual([...out.subarray(0, 3), ...out.subarray(3 + template.length)], [
      0xee,
      0xee,
      0xee,
      0xee,
      0xee,
      0xee,
      0xee,
    ], "nothing outside its bytes is touched");
    const props = decode(out, 3);
    const envelope = readEnvelope(props);
    assert.ok(envelope, `seq ${seq}: read as one of ours`);
    assert.equal(envelope.seq, seq);
    assert.equal(envelope.runId, "00000000a7");
    assert.equal(envelope.producerId, "ana");
    assert.equal(envelope.host, "box-1");
    const sentAt = readRunMessageId(envelope.messageId)!.sentAtMs;
    assert.equal(envelope.sentAtMs, sentAt);
    assert.ok(sentAt >= before && sentAt <= after, `send time ${sentAt} in [${before}, ${after}]`);
    assert.equal(props.timestamp!.getTime(), Math.floor(sentAt / 1000) * 1000);
    for (const field of ["contentType", "deliveryMode", "priority", "expiration"] as const) {
      assert.equal(props[field], expected[field], field);
    }
    assert.equal(props.headers!.tenant, "eu");
    assert.equal(props.headers!.shard, 4);
    assert.deepEqual(
      Object.keys(props.headers!).sort(),
      ["host", "producer_id", "shard", "tenant"],
      "run id and seq travel in the message id, not in headers",
    );
  }
});

Deno.test("EnvelopeTemplate: every message id differs, and seq and run id are read from it", () => {
  const template = new EnvelopeTemplate(OPTIONS);
  const out = new Uint8Array(template.length);
  const ids = new Set<string>();
  for (let seq = 1; seq <= 5_000; seq++) {
    template.write(out, 0, seq);
    const id = decode(out).messageId!;
    assert.equal(readRunMessageId(id)?.seq, seq, id);
    ids.add(id);
  }
  assert.equal(ids.size, 5_000);
});

Deno.test("EnvelopeTemplate makes a run id when given none, and refuses one ids cannot carry", () => {
  const { runId: _, ...rest } = OPTIONS;
  const template = new EnvelopeTemplate(rest);
  const out = new Uint8Array(template.length);
  template.write(out, 0, 9);
  assert.equal(readEnvelope(decode(out))?.runId, template.runId);
  assert.notEqual(new EnvelopeTemplate(rest).runId, template.runId);
  assert.throws(() => new EnvelopeTemplate({ ...OPTIONS, runId: "run-7" }), /run id "run-7"/);
  assert.throws(() => template.write(out, 0, MAX_SEQ + 1), /seq 4294967296/);
});

Deno.test("EnvelopeTemplate without optional fields still carries id, timestamp and seq", () => {
  const template = new EnvelopeTemplate({
    producerId: "p",
    host: "",
    runId: "0000000001",
    contentType: "application/json",
    persistent: false,
  });
  const out = new Uint8Array(template.length);
  template.write(out, 0, 42);
  const props = decode(out);
  assert.equal(props.deliveryMode, 1);
  assert.equal(props.priority, undefined);
  assert.equal(readEnvelope(props)?.seq, 42);
});
