import assert from "node:assert/strict";
import { queueFeatures } from "./queue_features.ts";

Deno.test("queueFeatures: durability, each argument's badge with its value, then the policy", () => {
  const features = queueFeatures({
    durable: true,
    arguments: {
      "x-queue-type": "classic",
      "x-message-ttl": 2000,
      "x-dead-letter-exchange": "orders.dlx",
      "x-custom": "yes",
    },
    policy: "limits",
    effective_policy_definition: { "max-length": 1000, "message-ttl": 5000 },
  });
  assert.deepEqual(features, [
    { label: "D", title: "durable" },
    { label: "TTL", title: "x-message-ttl: 2000; policy message-ttl: 5000" },
    { label: "Lim", title: "policy max-length: 1000" },
    { label: "DLX", title: "x-dead-letter-exchange: orders.dlx" },
    { label: "Args", title: "x-custom: yes" },
    { label: "Pol limits", title: "policy 'limits'" },
  ]);
});

Deno.test("queueFeatures: a transient exclusive queue, and arguments named like prototype members", () => {
  assert.deepEqual(queueFeatures({ durable: false, exclusive: true, auto_delete: true }), [
    { label: "AD", title: "auto-delete" },
    { label: "Excl", title: "exclusive" },
  ]);
  assert.deepEqual(queueFeatures({ arguments: { constructor: 1 } }), [
    { label: "Args", title: "constructor: 1" },
  ]);
});
