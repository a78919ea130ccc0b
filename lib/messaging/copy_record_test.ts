import assert from "node:assert/strict";
import { CopyRecord } from "./copy_record.ts";

Deno.test("CopyRecord: remembers each (id, attempt) copied, never an absent id", () => {
  const copies = new CopyRecord();
  copies.add("a", 0);
  copies.add(undefined, 0);
  copies.add("", 1);
  assert.equal(copies.has("a", 0), true);
  assert.equal(copies.has("a", 1), false);
  assert.equal(copies.has(undefined, 0), false);
  assert.equal(copies.has("", 1), false);
});

Deno.test("CopyRecord: forgets the oldest beyond its limit", () => {
  const copies = new CopyRecord(2);
  copies.add("a", 0);
  copies.add("b", 0);
  copies.add("c", 0);
  assert.deepEqual(["a", "b", "c"].map((id) => copies.has(id, 0)), [false, true, true]);
});
