import assert from "node:assert/strict";
import { exactTable, exactTimestamp, FieldReadError } from "./exact_fields.ts";

/** Encodes one table entry: name, type tag, value bytes. */
function entry(name: string, type: string, value: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  return new Uint8Array([nameBytes.length, ...nameBytes, type.charCodeAt(0), ...value]);
}

function bytesOf(size: number, write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(size);
  write(new DataView(out.buffer));
  return out;
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

Deno.test("exactTable keeps 64-bit integers, timestamps and decimals exact", () => {
  const table = exactTable(concat(
    entry("big", "l", bytesOf(8, (v) => v.setBigInt64(0, 2n ** 62n + 1n))),
    entry("small", "l", bytesOf(8, (v) => v.setBigInt64(0, -7n))),
    entry("min", "l", bytesOf(8, (v) => v.setBigInt64(0, -(2n ** 63n)))),
    entry("when", "T", bytesOf(8, (v) => v.setBigUint64(0, 2n ** 64n - 1n))),
    entry("then", "T", bytesOf(8, (v) => v.setBigUint64(0, 1_700_000_000n))),
    entry("pi", "D", bytesOf(5, (v) => (v.setUint8(0, 5), v.setInt32(1, 314159)))),
    entry("neg", "D", bytesOf(5, (v) => (v.setUint8(0, 1), v.setInt32(1, -25)))),
    entry("f", "d", bytesOf(8, (v) => v.setFloat64(0, 0.1))),
  ));
  assert.deepEqual({ ...table }, {
    big: "4611686018427387905",
    small: -7,
    min: "-9223372036854775808",
    when: "18446744073709551615",
    then: "2023-11-14T22:13:20.000Z",
    pi: "3.14159",
    neg: "-2.5",
    f: 0.1,
  });
});

Deno.test("exactTable: a header named like an Object.prototype member is a plain entry", () => {
  const text = (s: string) => {
    const bytes = new TextEncoder().encode(s);
    return concat(bytesOf(4, (v) => v.setUint32(0, bytes.length)), bytes);
  };
  const table = exactTable(concat(
    entry("__proto__", "S", text("a")),
    entry("constructor", "S", text("b")),
    entry(
      "nested",
      "F",
      concat(
        bytesOf(4, (v) => v.setUint32(0, 1 + 9 + 1 + 4 + 1)),
        entry("__proto__", "S", text("c")),
      ),
    ),
    entry(
      "list",
      "A",
      concat(bytesOf(4, (v) => v.setUint32(0, 2 + 1)), new Uint8Array([0x74, 1, 0x56])),
    ),
  ));
  assert.equal(Object.getPrototypeOf(table), null);
  assert.deepEqual(Object.keys(table), ["__proto__", "constructor", "nested", "list"]);
  assert.equal(table["__proto__"], "a");
  assert.equal(table.constructor, "b");
  assert.equal((table.nested as Record<string, string>)["__proto__"], "c");
  assert.deepEqual(table.list, [true, null]);
  assert.equal(JSON.parse(JSON.stringify(table))["__proto__"], "a", "survives JSON");
});

Deno.test("exactTable refuses a truncated table or an unknown type", () => {
  assert.throws(() => exactTable(new Uint8Array([1, 0x6e, 0x6c, 0, 0])), FieldReadError);
  assert.throws(() => exactTable(new Uint8Array([1, 0x6e, 0x3f])), /unknown field type '\?'/);
});

Deno.test("exactTimestamp: ISO within the dates JavaScript holds, decimal seconds beyond", () => {
  assert.equal(exactTimestamp(0n), "1970-01-01T00:00:00.000Z");
  assert.equal(exactTimestamp(10n ** 13n), "10000000000000");
});
