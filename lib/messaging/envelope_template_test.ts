import assert from "node:assert/strict";
import { AMQPView } from "@cloudamqp/amqp-client/amqp-view";
import { envelopeFactory, type EnvelopeOptions, readEnvelope, uuidv7Time } from "./envelope.ts";
import { EnvelopeTemplate } from "./envelope_template.ts";
import type { MessageProperties } from "./message_types.ts";

const OPTIONS: EnvelopeOptions = {
  producerId: "ana",
  host: "box-1",
  runId: "run-7",
  contentType: "text/plain",
  persistent: true,
  priority: 3,
  expirationMs: 60_000,
  extraHeaders: { tenant: "eu", shard: 4 },
};
const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Decodes properties the way amqp-client does for a consumer. */
function decode(bytes: Uint8Array, at = 0): MessageProperties {
  return new AMQPView(bytes.buffer, bytes.byteOffset).getProperties(at)[0] as MessageProperties;
}

Deno.test("EnvelopeTemplate writes what envelopeFactory builds, read back by a consumer", () => {
  const template = new EnvelopeTemplate(OPTIONS);
  const expected = envelopeFactory(OPTIONS)(1);
  for (const seq of [1, 2, 255, 65_536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1]) {
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
    assert.equal(envelope.runId, "run-7");
    assert.equal(envelope.producerId, "ana");
    assert.equal(envelope.host, "box-1");
    assert.match(envelope.messageId, UUIDV7);
    const sentAt = uuidv7Time(envelope.messageId)!;
    assert.ok(sentAt >= before && sentAt <= after, `send time ${sentAt} in [${before}, ${after}]`);
    assert.equal(props.timestamp!.getTime(), Math.floor(sentAt / 1000) * 1000);
    for (const field of ["contentType", "deliveryMode", "priority", "expiration"] as const) {
      assert.equal(props[field], expected[field], field);
    }
    assert.equal(props.headers!.tenant, "eu");
    assert.equal(props.headers!.shard, 4);
  }
});

Deno.test("EnvelopeTemplate: every message id differs, across refills of its random pool", () => {
  const template = new EnvelopeTemplate(OPTIONS);
  const out = new Uint8Array(template.length);
  const ids = new Set<string>();
  const variants = new Set<string>();
  for (let seq = 1; seq <= 5_000; seq++) {
    template.write(out, 0, seq);
    const id = decode(out).messageId!;
    assert.match(id, UUIDV7);
    ids.add(id);
    variants.add(id[19]);
  }
  assert.equal(ids.size, 5_000);
  assert.deepEqual(
    [...variants].sort(),
    ["8", "9", "a", "b"],
    "the variant's two random bits vary",
  );
});

Deno.test("EnvelopeTemplate without optional fields still carries id, timestamp and seq", () => {
  const template = new EnvelopeTemplate({
    producerId: "p",
    host: "",
    runId: "r",
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
