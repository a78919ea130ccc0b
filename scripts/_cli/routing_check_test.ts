import assert from "node:assert/strict";
import type { Topology } from "../../lib/amqp/mod.ts";
import type { BindingInfo } from "../../lib/shared/mod.ts";
import { otherQueuesRouted, topicMatches } from "./routing_check.ts";

const topology: Topology = {
  exchange: "x",
  exchangeType: "direct",
  routingKey: "work",
  queue: "mine",
  auditQueue: "mine.audit",
  durable: true,
  lazy: false,
  queueType: "classic",
  priority: false,
};
const bound = (destination: string, routing_key: string, source = "x"): BindingInfo => ({
  source,
  destination,
  destination_type: "queue",
  routing_key,
});

Deno.test("topic patterns match as the broker matches them", () => {
  assert.equal(topicMatches("logs.*", "logs.eu"), true);
  assert.equal(topicMatches("logs.*", "logs.eu.error"), false);
  assert.equal(topicMatches("logs.#", "logs"), true);
  assert.equal(topicMatches("logs.#", "logs.eu.error"), true);
  assert.equal(topicMatches("#.error", "logs.eu.error"), true);
  assert.equal(topicMatches("*.error", "logs.eu.error"), false);
});

Deno.test("other queues: a direct exchange's bindings with the same key, not the run's own", () => {
  const bindings = [
    bound("mine", "work"),
    bound("mine.audit", "work"),
    bound("drill.a", "work"),
    bound("drill.b", "work"),
    bound("drill.b", "work"), // bound twice, one queue
    bound("elsewhere", "other"),
    bound("from.other.exchange", "work", "y"),
  ];
  assert.deepEqual(otherQueuesRouted(topology, bindings), ["drill.a", "drill.b"]);
});

Deno.test("other queues: topic patterns, fanout, and the default exchange", () => {
  const bindings = [bound("a", "work.*"), bound("b", "work"), bound("c", "#")];
  assert.deepEqual(otherQueuesRouted({ ...topology, exchangeType: "topic" }, bindings), ["b", "c"]);
  assert.deepEqual(otherQueuesRouted({ ...topology, exchangeType: "fanout" }, bindings), [
    "a",
    "b",
    "c",
  ]);
  assert.deepEqual(otherQueuesRouted({ ...topology, exchange: "" }, bindings), []);
});
