import assert from "node:assert/strict";
import { queueDifferences } from "./queue_differences.ts";

const classic = { durable: false, lazy: false, queueType: "classic" as const, priority: false };

Deno.test("queueDifferences names every differing setting, as the flag change that matches", () => {
  assert.deepEqual(queueDifferences({ durable: false, arguments: {} }, classic), []);
  assert.deepEqual(
    queueDifferences(
      { durable: false, arguments: { "x-queue-mode": "lazy", "x-max-priority": 10 } },
      { ...classic, durable: true },
    ),
    ["without --durable", "with --lazy", "with --priority N"],
  );
  assert.deepEqual(
    queueDifferences(
      { durable: true, arguments: { "x-queue-type": "quorum" } },
      { ...classic, lazy: true },
    ),
    ["with --durable", "without --lazy", "with --queue-type quorum"],
  );
  assert.deepEqual(
    queueDifferences({ durable: true, arguments: {} }, {
      durable: true,
      lazy: false,
      queueType: "quorum",
      priority: false,
    }),
    ["with --queue-type classic"],
  );
});

Deno.test("queueDifferences names dead-lettering and TTL of a work queue", () => {
  assert.deepEqual(
    queueDifferences(
      { durable: false, arguments: { "x-dead-letter-exchange": "q.dlx", "x-message-ttl": 500 } },
      classic,
    ),
    ["with --dead-letter", "with --message-ttl 500"],
  );
  assert.deepEqual(
    queueDifferences({ durable: false, arguments: {} }, {
      ...classic,
      deadLetter: true,
      messageTtlMs: 10,
    }),
    ["without --dead-letter", "without --message-ttl"],
  );
  assert.deepEqual(
    queueDifferences(
      { durable: false, arguments: { "x-dead-letter-exchange": "q.dlx", "x-message-ttl": 10 } },
      { ...classic, deadLetter: true, messageTtlMs: 10 },
    ),
    [],
  );
});
