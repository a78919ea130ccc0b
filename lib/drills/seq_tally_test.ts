import assert from "node:assert/strict";
import { SeqTally } from "./seq_tally.ts";

Deno.test("SeqTally counts unique arrivals, duplicates and the missing, in order", () => {
  const tally = new SeqTally(10);
  for (const seq of [1, 2, 2, 5, 10, 10, 10]) tally.mark(seq);
  assert.equal(tally.unique, 4);
  assert.equal(tally.duplicates, 3);
  assert.equal(tally.complete, false);
  assert.deepEqual(tally.missing(), [3, 4, 6, 7, 8]);
  assert.deepEqual(tally.missing(2), [3, 4]);
});

Deno.test("SeqTally: a number outside the run is counted apart, never as an arrival", () => {
  const tally = new SeqTally(2);
  for (const seq of [0, 3, 1.5, -1, 1, 2]) tally.mark(seq);
  assert.equal(tally.outside, 4);
  assert.equal(tally.complete, true);
  assert.deepEqual(tally.missing(), []);
});
