import assert from "node:assert/strict";
import {
  bindingOf,
  checkQueueShape,
  queueArguments,
  retryQueueName,
  shapeForBroker,
  workQueueArguments,
} from "./topology.ts";
import type { ShapeWords } from "./broker_errors.ts";
import { parseBrokerVersion, versionAtLeast } from "./broker_version.ts";

const SHAPE_WORDS: ShapeWords = {
  transient: "--transient-queues",
  lazy: "--lazy",
  priority: "--priority",
  queueVersion: "--queue-version",
  deliveryLimit: "--delivery-limit",
};

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

Deno.test("shapeForBroker: lazy mode is left out on 3.12+, with a note; kept before", () => {
  const lazy = { durable: true, lazy: true, queueType: "classic" as const, priority: false };
  const on43 = shapeForBroker(lazy, parseBrokerVersion("4.3.6"), SHAPE_WORDS);
  assert.equal(on43.shape.lazy, false);
  assert.deepEqual(on43.notes, [
    "--lazy does nothing on RabbitMQ 4.3.6 (classic queues keep their messages on disk since 3.12); declared without x-queue-mode",
  ]);
  const on310 = shapeForBroker(lazy, parseBrokerVersion("3.10.8"), SHAPE_WORDS);
  assert.equal(on310.shape.lazy, true);
  assert.deepEqual(on310.notes, []);
  assert.equal(shapeForBroker(lazy, undefined).shape.lazy, true, "an unknown version: as asked");
});

Deno.test("shapeForBroker: non-durable queues are said deprecated, on 4.x and before", () => {
  const transient = { durable: false, lazy: false, queueType: "classic" as const, priority: false };
  const on43 = shapeForBroker(transient, parseBrokerVersion("4.3.6"), SHAPE_WORDS);
  assert.deepEqual(on43.notes, [
    "non-durable queues (--transient-queues) are deprecated on RabbitMQ 4.3.6 (transient_nonexcl_queues): a broker may deny them and a later release removes them; without --transient-queues queues are durable",
  ]);
  const on310 = shapeForBroker(transient, parseBrokerVersion("3.10.8"), SHAPE_WORDS);
  assert.match(
    on310.notes.join(),
    /^non-durable queues \(--transient-queues\) are deprecated from RabbitMQ 4\.0 on/,
  );
  assert.equal(on43.shape.durable, false, "declared as asked where the broker permits it");
  const durable = shapeForBroker({ ...transient, durable: true }, parseBrokerVersion("4.3.6"));
  assert.deepEqual(durable.notes, []);
});

Deno.test("shapeForBroker: queue version 1 is refused on 4.0+ in one line naming the flag", () => {
  const v1 = {
    durable: true,
    lazy: false,
    queueType: "classic" as const,
    priority: false,
    queueVersion: 1 as const,
  };
  assert.throws(
    () => shapeForBroker(v1, parseBrokerVersion("4.0.5"), SHAPE_WORDS),
    /^UserError: --queue-version 1 is not available on RabbitMQ 4\.0\.5: classic queue storage version 1 was removed in 4\.0 \(drop --queue-version, or use 2\)$/,
  );
  assert.equal(shapeForBroker(v1, parseBrokerVersion("3.13.7")).shape.queueVersion, 1);
});

Deno.test("--delivery-limit: x-delivery-limit on quorum queues only", () => {
  const quorum = {
    durable: true,
    lazy: false,
    queueType: "quorum" as const,
    priority: false,
    deliveryLimit: 5,
  };
  assert.deepEqual(queueArguments(quorum), { "x-queue-type": "quorum", "x-delivery-limit": 5 });
  assert.throws(
    () => checkQueueShape({ ...quorum, queueType: "classic" }, SHAPE_WORDS),
    /--delivery-limit applies to quorum queues only; classic queues take no x-delivery-limit/,
  );
});

Deno.test("versionAtLeast compares major, minor and patch; an unknown version is never new enough", () => {
  assert.ok(versionAtLeast(parseBrokerVersion("3.13.0"), "3.12"));
  assert.ok(versionAtLeast(parseBrokerVersion("4.0.5"), "4.0"));
  assert.ok(!versionAtLeast(parseBrokerVersion("3.10.8"), "3.12"));
  assert.ok(!versionAtLeast(parseBrokerVersion("3.9.29"), "3.10"));
  assert.ok(!versionAtLeast(undefined, "3.0"));
  assert.equal(parseBrokerVersion("nonsense"), undefined);
});
