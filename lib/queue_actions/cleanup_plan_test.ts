import assert from "node:assert/strict";
import {
  type CleanupListing,
  type CleanupRequest,
  isToolkitExchangeName,
  isToolkitQueueName,
  planCleanup,
} from "./cleanup_plan.ts";

const ALL: CleanupRequest = {
  queues: [],
  exchanges: [],
  allQueues: true,
  unusedExchanges: true,
  purge: false,
};
const NAMED = (...queues: string[]): CleanupRequest => ({
  ...ALL,
  queues,
  allQueues: false,
  unusedExchanges: false,
});
const bind = (source: string, destination: string, type: "queue" | "exchange" = "queue") => ({
  source,
  destination,
  destination_type: type,
});

/** Another client's two queues (10 messages each, one consumed) beside the toolkit's own. */
const SHARED: CleanupListing = {
  queues: [
    { name: "work.queue", type: "classic", messages: 0, consumers: 0 },
    { name: "work.queue.dlq", type: "quorum", messages: 0, consumers: 0 },
    { name: "orders", type: "classic", messages: 10, consumers: 1 },
    { name: "invoices", type: "quorum", messages: 10, consumers: 0 },
  ],
  exchanges: [
    { name: "" },
    { name: "amq.direct" },
    { name: "direct.exchange" },
    { name: "work.queue.dlx" },
    { name: "shop" },
    { name: "shop.events" },
  ],
  bindings: [
    bind("", "orders"),
    bind("direct.exchange", "work.queue"),
    bind("work.queue.dlx", "work.queue.dlq"),
    bind("shop", "orders"),
    bind("shop", "shop.events", "exchange"),
    bind("shop.events", "invoices"),
  ],
};

Deno.test("the toolkit's own names: defaults, the demo's, and what it derives from them", () => {
  for (const name of ["work.queue", "audit.queue", "demo.queue", "demo.audit"]) {
    assert.ok(isToolkitQueueName(name), name);
  }
  for (const name of ["work.queue.dlq", "work.queue.retry.500", "work.queue.3"]) {
    assert.ok(isToolkitQueueName(name), name);
  }
  for (const name of ["orders", "orders.dlq", "work.queuex", "work.queue.retry.x", "hello"]) {
    assert.ok(!isToolkitQueueName(name), name);
  }
  for (const name of ["direct.exchange", "demo.exchange", "work.queue.dlx"]) {
    assert.ok(isToolkitExchangeName(name), name);
  }
  for (const name of ["shop", "orders.dlx", "amq.direct"]) {
    assert.ok(!isToolkitExchangeName(name), name);
  }
});

Deno.test("all: another client's queues with messages or consumers, and its exchanges, need a yes", () => {
  const plan = planCleanup(ALL, SHARED);
  assert.equal(plan.needsConfirmation, true);
  assert.deepEqual(
    plan.queues.map((q) => [q.name, q.reasons]),
    [
      ["invoices", ["holds 10 messages", "not a name this toolkit gives"]],
      ["orders", ["holds 10 messages", "has 1 consumer", "not a name this toolkit gives"]],
      ["work.queue", []],
      ["work.queue.dlq", []],
    ],
  );
  // Once the queues are gone, every exchange is left unused: shop after shop.events.
  assert.deepEqual(
    plan.exchanges.map((e) => [e.name, e.reasons]),
    [
      ["direct.exchange", []],
      ["shop.events", ["not a name this toolkit gives"]],
      ["work.queue.dlx", []],
      // Bound to shop.events, it is unused only once shop.events is gone.
      ["shop", ["not a name this toolkit gives"]],
    ],
  );
  assert.deepEqual(plan.totals, {
    queues: 4,
    messages: 20,
    consumers: 1,
    uncounted: 0,
    exchanges: 4,
  });
  // Only a classic queue counted empty and unused is deleted on the broker's condition.
  assert.deepEqual(plan.queues.filter((q) => q.guarded).map((q) => q.name), ["work.queue"]);
});

Deno.test("all: the toolkit's empty, unused queues and exchanges go without asking", () => {
  const ours: CleanupListing = {
    queues: SHARED.queues.filter((q) => q.name.startsWith("work.")),
    exchanges: SHARED.exchanges.filter((e) => !e.name.startsWith("shop")),
    bindings: SHARED.bindings.filter((b) => !b.source.startsWith("shop") && b.source !== ""),
  };
  const plan = planCleanup(ALL, ours);
  assert.equal(plan.needsConfirmation, false);
  assert.equal(plan.queues.length, 2);
  assert.equal(plan.exchanges.length, 2);
});

Deno.test("a queue whose figures nobody knows, or exclusive to another connection, needs a yes", () => {
  const plan = planCleanup(ALL, {
    queues: [{ name: "work.queue" }, { name: "audit.queue", exclusive: true, messages: 0 }],
    exchanges: [],
    bindings: [],
  });
  assert.deepEqual(plan.queues.map((q) => q.reasons), [
    ["exclusive to another connection", "its consumers are unknown"],
    ["its depth is unknown", "its consumers are unknown"],
  ]);
  assert.equal(plan.totals.uncounted, 2);
  assert.ok(plan.queues.every((q) => !q.guarded));
});

Deno.test("named queues: a yes only for messages and consumers; missing ones said", () => {
  const plan = planCleanup(NAMED("orders", "empty.q", "gone.q"), {
    queues: [
      { name: "orders", messages: 10, consumers: 0 },
      { name: "empty.q", messages: 0, consumers: 0 },
    ],
    exchanges: [],
    bindings: [],
  });
  assert.deepEqual(plan.queues.map((q) => [q.name, q.named, q.reasons]), [
    ["orders", true, ["holds 10 messages"]],
    ["empty.q", true, []],
  ]);
  assert.deepEqual(plan.missingQueues, ["gone.q"]);
  assert.equal(
    planCleanup(NAMED("empty.q"), {
      queues: [{ name: "empty.q", messages: 0, consumers: 0 }],
      exchanges: [],
      bindings: [],
    }).needsConfirmation,
    false,
  );
});

Deno.test("purge: a yes for messages only; consumers stay and are not counted", () => {
  const request = { ...NAMED("orders", "idle"), purge: true };
  const plan = planCleanup(request, {
    queues: [
      { name: "orders", messages: 0, consumers: 3 },
      { name: "idle", messages: 4, consumers: 0 },
    ],
    exchanges: [],
    bindings: [],
  });
  assert.equal(plan.action, "purge");
  assert.deepEqual(plan.queues.map((q) => q.reasons), [[], ["holds 4 messages"]]);
  assert.equal(plan.totals.consumers, 0);
  assert.ok(plan.queues.every((q) => !q.guarded));
});

Deno.test("named exchanges go without asking, bound or not; unused ones only when asked for", () => {
  const plan = planCleanup(
    { ...NAMED(), exchanges: ["shop", "nope"] },
    SHARED,
  );
  assert.deepEqual(plan.exchanges, [{ name: "shop", named: true, reasons: [] }]);
  assert.deepEqual(plan.missingExchanges, ["nope"]);
  assert.equal(plan.needsConfirmation, false);
  // exchanges alone: nothing is deleted first, so only what is unused now goes.
  const unused = planCleanup({ ...NAMED(), unusedExchanges: true }, {
    ...SHARED,
    exchanges: [...SHARED.exchanges, { name: "lonely" }],
  });
  assert.deepEqual(unused.exchanges.map((e) => e.name), ["lonely"]);
  assert.equal(unused.needsConfirmation, true);
});
