import assert from "node:assert/strict";
import { MAX_BATCH_BYTES, WriteBatch } from "./write_batch.ts";

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

Deno.test("WriteBatch writes a batch at once when it reaches MAX_BATCH_BYTES", async () => {
  const written: number[] = [];
  const batch = new WriteBatch((bytes) => {
    written.push(bytes.length);
    return Promise.resolve();
  });
  const half = MAX_BATCH_BYTES / 2;
  const first = batch.send(new Uint8Array(half));
  assert.deepEqual(written, [], "half a batch waits for the tick's end");
  batch.send(new Uint8Array(half));
  assert.deepEqual(written, [MAX_BATCH_BYTES], "a full batch is written at once");
  const last = batch.send(new Uint8Array(10));
  await Promise.all([first, last]);
  assert.deepEqual(written, [MAX_BATCH_BYTES, 10], "what came after went out with the tick");
});
