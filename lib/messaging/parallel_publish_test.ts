import assert from "node:assert/strict";
import { combineResults, splitEvenly } from "./parallel_publish.ts";
import type { PublishResult } from "./publisher.ts";

function result(overrides: Partial<PublishResult>): PublishResult {
  return {
    published: 0,
    confirmed: 0,
    nacked: 0,
    returned: 0,
    seconds: 0,
    republished: 0,
    retriedNacks: 0,
    timedOut: false,
    rate: 0,
    ...overrides,
  };
}

Deno.test("combineResults adds the counters, keeps the longest time and the first error", () => {
  const total = combineResults([
    result({ published: 10, confirmed: 9, returned: 1, seconds: 2, republished: 3 }),
    result({ published: 6, confirmed: 5, nacked: 1, seconds: 4, error: "channel closed" }),
    result({ published: 4, confirmed: 4, seconds: 1, timedOut: true, error: "later" }),
  ]);
  assert.deepEqual(
    [total.published, total.confirmed, total.nacked, total.returned, total.republished],
    [20, 18, 1, 1, 3],
  );
  assert.equal(total.seconds, 4);
  assert.equal(total.rate, 18 / 4, "the run's rate: all confirms over the longest time");
  assert.equal(total.timedOut, true);
  assert.equal(total.error, "channel closed");
});

Deno.test("splitEvenly shares a count out whole, larger shares first", () => {
  assert.deepEqual(splitEvenly(6001, 3), [2001, 2000, 2000]);
  assert.deepEqual(splitEvenly(2, 4), [1, 1, 0, 0]);
});
