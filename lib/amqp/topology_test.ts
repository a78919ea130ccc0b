import assert from "node:assert/strict";
import { bindingOf, queueArguments, retryQueueName, workQueueArguments } from "./topology.ts";

const classic = { durable: false, lazy: false, queueType: "classic" as const, priority: false };

Deno.test("queueArguments maps flags to x-arguments", () => {
  assert.deepEqual(queueArguments(classic), {});
  assert.deepEqual(queueArguments({ ...classic, durable: true, lazy: true, priority: true }), {
    "x-queue-mode": "lazy",
    "x-max-priority": 10,
  });
  assert.deepEqual(queueArguments({ ...classic, durable: true, queueType: "quorum" }), {
    "x-queue-type": "quorum",
  });
});

Deno.test("workQueueArguments adds the dead-letter exchange and the TTL to the shape's", () => {
  assert.deepEqual(workQueueArguments({ ...classic, queue: "orders" }), {});
  assert.deepEqual(
    workQueueArguments({ ...classic, queue: "orders", deadLetter: true, messageTtlMs: 0 }),
    { "x-dead-letter-exchange": "orders.dlx", "x-message-ttl": 0 },
  );
  assert.deepEqual(
    workQueueArguments({ ...classic, queueType: "quorum", queue: "q", messageTtlMs: 5 }),
    { "x-queue-type": "quorum", "x-message-ttl": 5 },
  );
});

Deno.test("bindingOf: the binding key, else the routing key; x-match for headers exchanges", () => {
  assert.deepEqual(bindingOf({ exchangeType: "topic", routingKey: "logs.error" }), {
    key: "logs.error",
    args: {},
  });
  assert.deepEqual(
    bindingOf({ exchangeType: "topic", routingKey: "logs.error", bindingKey: "logs.*" }),
    { key: "logs.*", args: {} },
  );
  assert.deepEqual(
    bindingOf({
      exchangeType: "headers",
      routingKey: "work",
      bindHeaders: { region: "eu" },
      match: "any",
    }),
    { key: "work", args: { "x-match": "any", region: "eu" } },
  );
  assert.deepEqual(bindingOf({ exchangeType: "headers", routingKey: "" }).args, {
    "x-match": "all",
  });
});

Deno.test("retryQueueName names one delay queue per wait", () => {
  assert.equal(retryQueueName("orders", 250), "orders.retry.250");
});
