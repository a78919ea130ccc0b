import assert from "node:assert/strict";
import { CachedRead } from "./cached_read.ts";

Deno.test("CachedRead shares one read while fresh and forgets a failed one", async () => {
  let reads = 0;
  let fail = false;
  const cache = new CachedRead(() => {
    reads++;
    return fail ? Promise.reject(new Error("down")) : Promise.resolve(reads);
  }, 60_000);
  assert.deepEqual(await Promise.all([cache.get(), cache.get()]), [1, 1]);
  assert.equal(reads, 1);

  const stale = new CachedRead(() => Promise.resolve(++reads), 0);
  await stale.get();
  await stale.get();
  assert.equal(reads, 3, "max age 0: every call reads");

  fail = true;
  const failing = new CachedRead(() => {
    reads++;
    return fail ? Promise.reject(new Error("down")) : Promise.resolve(reads);
  }, 60_000);
  await assert.rejects(failing.get(), /down/);
  fail = false;
  assert.equal(await failing.get(), reads, "read again after a failure");
});
