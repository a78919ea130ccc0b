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
