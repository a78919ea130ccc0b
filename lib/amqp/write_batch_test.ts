import assert from "node:assert/strict";
import { WriteBatch } from "./write_batch.ts";

Deno.test("WriteBatch joins the writes of one tick, in order, and settles them together", async () => {
  const written: number[][] = [];
  const batch = new WriteBatch((bytes) => {
    written.push([...bytes]);
    return Promise.resolve();
  });
  const sends = [
    batch.send(new Uint8Array([1, 2])),
    batch.send(new Uint8Array([3])),
    batch.send(new Uint8Array([4, 5])),
  ];
  assert.deepEqual(written, [], "nothing is written before the tick ends");
  await Promise.all(sends);
  assert.deepEqual(written, [[1, 2, 3, 4, 5]]);
  await batch.send(new Uint8Array([6]));
  assert.deepEqual(written, [[1, 2, 3, 4, 5], [6]], "a later tick is a new write");
});

Deno.test("WriteBatch: a failed write rejects every send of its batch", async () => {
  const batch = new WriteBatch(() => Promise.reject(new Error("socket closed")));
  const a = batch.send(new Uint8Array([1]));
  const b = batch.send(new Uint8Array([2]));
  await assert.rejects(a, /socket closed/);
  await assert.rejects(b, /socket closed/);
});
