import assert from "node:assert/strict";
import { MAX_BROKER_SHARE, pollInterval, POLLS_FOLLOWED } from "./snapshot_poller.ts";

Deno.test("pollInterval: the interval asked for, stretched so polls take a twentieth of the broker's time", () => {
  assert.equal(MAX_BROKER_SHARE, 0.05);
  assert.equal(pollInterval(2_000, []), 2_000);
  assert.equal(pollInterval(2_000, [0]), 2_000);
  assert.equal(pollInterval(2_000, [100]), 2_000);
  assert.equal(pollInterval(2_000, [101]), 2_020);
  assert.equal(pollInterval(2_000, [600]), 12_000);
  assert.equal(pollInterval(10_000, [500]), 10_000);
});

Deno.test("pollInterval follows the median of the last polls: one slow poll does not stretch it", () => {
  assert.equal(POLLS_FOLLOWED, 3);
  assert.equal(pollInterval(1_000, [40, 2_000, 45]), 1_000, "one slow poll among quick ones");
  assert.equal(pollInterval(1_000, [40, 2_000, 1_500]), 30_000, "a broker that stays slow");
  assert.equal(pollInterval(1_000, [3_000, 3_000, 40, 45, 50]), 1_000, "only the last three count");
  assert.equal(pollInterval(1_000, [40, 200]), 1_000, "two polls: the quicker");
});
