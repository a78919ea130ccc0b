import assert from "node:assert/strict";
import { FrameReader, FrameWriter, Key } from "./frames.ts";

Deno.test("a frame written is read back field by field, its size in front", () => {
  const w = new FrameWriter(8); // grows as it goes
  w.begin(Key.storeOffset).string("reader-1").string("events").u64(2 ** 40 + 5).end();
  w.begin(Key.heartbeat).end();
  const bytes = w.finish();
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const size = view.getUint32(0);
  const r = new FrameReader(bytes, 4, 4 + size);
  assert.equal(r.u16(), Key.storeOffset);
  assert.equal(r.u16(), 1);
  assert.equal(r.string(), "reader-1");
  assert.equal(r.string(), "events");
  assert.equal(r.u64(), 2 ** 40 + 5);
  assert.equal(r.at, r.end);
  assert.equal(view.getUint32(4 + size), 4); // the heartbeat: key and version only
});

Deno.test("a length that points past the frame throws a RangeError, never reads beyond", () => {
  const bytes = new Uint8Array([0x00, 0x10, 0x41, 0x42, 0xff, 0xff]);
  assert.throws(() => new FrameReader(bytes, 0, 4).string(), RangeError);
  assert.throws(() => new FrameReader(bytes, 0, 3).u32(), RangeError);
});
