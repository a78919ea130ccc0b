import assert from "node:assert/strict";
import { MAX_BROKER_SHARE, pollInterval } from "./snapshot_poller.ts";

Deno.test("pollInterval: the interval asked for, stretched so polls take a twentieth of the broker's time", () => {
  assert.equal(MAX_BROKER_SHARE, 0.05);
  assert.equal(pollInterval(2_000, 0), 2_000);
  assert.equal(pollInterval(2_000, 100), 2_000);
  assert.equal(pollInterval(2_000, 101), 2_020);
  assert.equal(pollInterval(2_000, 600), 12_000);
  assert.equal(pollInterval(10_000, 500), 10_000);
});
