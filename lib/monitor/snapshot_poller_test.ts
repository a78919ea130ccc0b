import assert from "node:assert/strict";
import { MAX_BROKER_SHARE, pollInterval } from "./snapshot_poller.ts";

Deno.test("pollInterval: the interval asked for, stretched so polls take a fifth of the broker's time", () => {
  assert.equal(MAX_BROKER_SHARE, 0.2);
  assert.equal(pollInterval(2_000, 0), 2_000);
  assert.equal(pollInterval(2_000, 400), 2_000);
  assert.equal(pollInterval(2_000, 401), 2_005);
  assert.equal(pollInterval(2_000, 2_400), 12_000);
  assert.equal(pollInterval(10_000, 1_000), 10_000);
});
