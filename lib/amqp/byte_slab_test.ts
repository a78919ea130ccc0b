import assert from "node:assert/strict";
import { ByteSlab } from "./byte_slab.ts";

Deno.test("ByteSlab copies outlive their source and never overlap", () => {
  const slab = new ByteSlab();
  const source = new Uint8Array(4096).map((_, i) => i % 256);
  const copies: [Uint8Array, number[]][] = [];
  // Sizes that fill several blocks, below, at and above the loop and the sharing limits.
  for (let i = 0; i < 300; i++) {
    const length = [0, 1, 63, 64, 65, 700, 2048, 2049, 4000][i % 9];
    const start = i % 50;
    copies.push([slab.copy(source, start, start + length), [
      ...source.subarray(start, start + length),
    ]]);
  }
  source.fill(0); // the read buffer is reused
  for (const [i, [copy, expected]] of copies.entries()) {
    assert.deepEqual([...copy], expected, `copy ${i}`);
  }
});

Deno.test("ByteSlab gives a large copy a buffer of its own", () => {
  const slab = new ByteSlab();
  const copy = slab.copy(new Uint8Array(10_000), 0, 5_000);
  assert.equal(copy.byteLength, 5_000);
  assert.equal(copy.buffer.byteLength, 5_000);
  assert.ok(slab.copy(new Uint8Array(10), 0, 10).buffer.byteLength > 10, "a small one shares");
});
