import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { ShortStrings } from "./short_strings.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("ShortStrings decodes like amqp-client (Buffer), valid UTF-8 or not", () => {
  const strings = new ShortStrings();
  const cases = [
    bytes(""),
    bytes("work.queue"),
    bytes("ünïcödé ✓"),
    new Uint8Array([0xff, 0xfe, 0xc3, 0x28]),
    bytes("x".repeat(64)),
    bytes("y".repeat(65)),
  ];
  for (const raw of cases) {
    const framed = new Uint8Array([9, 9, ...raw, 9]); // read from inside a larger buffer
    const expected = Buffer.from(raw).toString();
    assert.equal(strings.read(framed, 2, raw.length), expected);
    assert.equal(strings.read(framed, 2, raw.length), expected, "again, from memory");
  }
});

Deno.test("ShortStrings never answers from memory for other bytes", () => {
  const strings = new ShortStrings();
  // Same length, first and last byte (the same slot): only the middle differs.
  const a = bytes("tag-aaaa-1");
  const b = bytes("tag-bbbb-1");
  assert.equal(strings.read(a, 0, a.length), "tag-aaaa-1");
  assert.equal(strings.read(b, 0, b.length), "tag-bbbb-1");
  assert.equal(strings.read(a, 0, a.length), "tag-aaaa-1");
  // The bytes it remembers are its own copy: a reused read buffer changes nothing.
  const reused = bytes("exchange");
  assert.equal(strings.read(reused, 0, reused.length), "exchange");
  reused.set(bytes("exchanGe"));
  assert.equal(strings.read(reused, 0, reused.length), "exchanGe");
});
