import assert from "node:assert/strict";
import { deliveryLimit, queueDetails } from "./queue_details.ts";

Deno.test("queueDetails: a listing's columns carry no details", () => {
  assert.deepEqual(queueDetails({ type: "classic", messages_ready_returned: 1 }), undefined);
});

Deno.test("queueDetails: bytes and memory as the broker gives them; no utilisation without consumers", () => {
  const details = queueDetails({
    type: "classic",
    consumers: 0,
    consumer_utilisation: 0,
    message_bytes: 300,
    message_bytes_ready: 200,
    message_bytes_unacknowledged: 100,
    memory: 4440,
  });
  assert.deepEqual(details, {
    bytesReady: 200,
    bytesUnacked: 100,
    bytes: 300,
    memory: 4440,
    consumerUtilisation: undefined,
    deliveryLimit: undefined,
    returned: undefined,
  });
  const consumed = queueDetails({
    message_bytes_ready: 0,
    consumers: 2,
    consumer_utilisation: 0.5,
  });
  assert.deepEqual(consumed?.consumerUtilisation, 0.5);
});

Deno.test("deliveryLimit: 4.x's effective value, named by where it comes from", () => {
  // 4.3.6's answer for a quorum queue declared with no limit.
  assert.deepEqual(deliveryLimit({ type: "quorum", arguments: {}, delivery_limit: 20 }), {
    value: 20,
    source: "default",
  });
  assert.deepEqual(
    deliveryLimit({ arguments: { "x-delivery-limit": 5 }, delivery_limit: 5 }),
    { value: 5, source: "argument" },
  );
  assert.deepEqual(
    deliveryLimit({
      arguments: { "x-delivery-limit": 9 },
      effective_policy_definition: { "delivery-limit": 3 },
      delivery_limit: 3,
    }),
    { value: 3, source: "policy" },
  );
  assert.deepEqual(
    deliveryLimit({ arguments: { "x-delivery-limit": -1 }, delivery_limit: -1 }),
    { value: undefined, source: "argument" },
  );
});

Deno.test("deliveryLimit: 3.x reports none, so the lower of argument and policy, or none", () => {
  assert.deepEqual(deliveryLimit({ arguments: {} }), { value: undefined, source: "none" });
  assert.deepEqual(deliveryLimit({ arguments: { "x-delivery-limit": 5 } }), {
    value: 5,
    source: "argument",
  });
  assert.deepEqual(
    deliveryLimit({
      arguments: { "x-delivery-limit": 9 },
      effective_policy_definition: { "delivery-limit": 3 },
    }),
    { value: 3, source: "policy" },
  );
});
