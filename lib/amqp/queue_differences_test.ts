import assert from "node:assert/strict";
import { type QueueDifference, queueDifferences } from "./queue_differences.ts";

const classic = { durable: false, lazy: false, queueType: "classic" as const, priority: false };

/** Differences as `setting=existing`, to compare at a glance. */
const brief = (ds: QueueDifference[]) => ds.map((d) => `${d.setting}=${d.existing}`);

Deno.test("queueDifferences names every differing setting with the value the queue has", () => {
  assert.deepEqual(queueDifferences({ durable: false, arguments: {} }, classic), []);
  assert.deepEqual(
    brief(queueDifferences(
      { durable: false, arguments: { "x-queue-mode": "lazy", "x-max-priority": 10 } },
      { ...classic, durable: true },
    )),
    ["durable=false", "lazy=true", "priority=true"],
  );
  assert.deepEqual(
    brief(queueDifferences(
      { durable: true, arguments: { "x-queue-type": "quorum" } },
      { ...classic, lazy: true },
    )),
    ["durable=true", "lazy=false", "queueType=quorum"],
  );
  assert.deepEqual(
    brief(queueDifferences({ durable: true, arguments: {} }, {
      ...classic,
      durable: true,
      queueType: "quorum",
    })),
    ["queueType=classic"],
  );
});

Deno.test("queueDifferences names dead-lettering and TTL of a work queue", () => {
  assert.deepEqual(
    brief(queueDifferences(
      { durable: false, arguments: { "x-dead-letter-exchange": "q.dlx", "x-message-ttl": 500 } },
      classic,
    )),
    ["deadLetter=true", "messageTtl=500"],
  );
  assert.deepEqual(
    brief(queueDifferences({ durable: false, arguments: {} }, {
      ...classic,
      deadLetter: true,
      messageTtlMs: 10,
    })),
    ["deadLetter=false", "messageTtl=undefined"],
  );
  assert.deepEqual(
    queueDifferences(
      { durable: false, arguments: { "x-dead-letter-exchange": "q.dlx", "x-message-ttl": 10 } },
      { ...classic, deadLetter: true, messageTtlMs: 10 },
    ),
    [],
  );
});
