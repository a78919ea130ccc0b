import assert from "node:assert/strict";
import { DuplicateTracker } from "./duplicates.ts";

Deno.test("DuplicateTracker tells a second sighting of (run, seq) from a first", () => {
  const t = new DuplicateTracker();
  assert.equal(t.markSeq("a", 1), false);
  assert.equal(t.markSeq("a", 1), true);
  assert.equal(t.markSeq("b", 1), false, "another run is another message");
  assert.equal(t.markSeq("a", 1_000_000), false, "grows to large sequence numbers");
  assert.equal(t.markSeq("a", 1_000_000), true);
  assert.equal(t.markSeq("a", 1), true, "growing keeps what was seen");
});

Deno.test("DuplicateTracker counts exactly the repeats in a shuffled stream", () => {
  const t = new DuplicateTracker();
  const seqs = Array.from({ length: 50_000 }, (_, i) => i + 1);
  const repeats = seqs.filter((s) => s % 7 === 0);
  const stream = [...seqs, ...repeats].sort(() => Math.random() - 0.5);
  const dupes = stream.filter((s) => t.markSeq("r", s)).length;
  assert.equal(dupes, repeats.length);
});

Deno.test("DuplicateTracker falls back to message ids, and never matches an empty id", () => {
  const t = new DuplicateTracker();
  assert.equal(t.markId("m1"), false);
  assert.equal(t.markId("m1"), true);
  assert.equal(t.markId(""), false);
  assert.equal(t.markId(""), false);
});

Deno.test("DuplicateTracker: far-off sequence numbers cost a page each, and stay exact", () => {
  const t = new DuplicateTracker();
  assert.equal(t.markSeq("foreign", 7), false);
  for (const seq of [2 ** 31, 2 ** 32 + 7, 2 ** 52 + 3, Number.MAX_SAFE_INTEGER]) {
    assert.equal(t.markSeq("foreign", seq), false, `${seq} first`);
    assert.equal(t.markSeq("foreign", seq), true, `${seq} again`);
    assert.equal(t.hasSeq("foreign", seq - 1), false, `${seq - 1} never marked`);
  }
  assert.equal(t.markSeq("foreign", 2 ** 32 + 7 + 65_536), false, "another page, not an alias");
  assert.equal(t.markSeq("foreign", 7), true, "7 is itself, not 2^32 + 7");
  assert.equal(t.size, 6);
});
