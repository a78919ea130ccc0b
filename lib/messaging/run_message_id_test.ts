import assert from "node:assert/strict";
import {
  isRunId,
  MAX_SEQ,
  newRunId,
  readRunMessageId,
  runMessageId,
  RunMessageIdWriter,
} from "./run_message_id.ts";

const RFC9562_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("runMessageId lays out time, run id and seq as the module says", () => {
  const id = runMessageId({ sentAtMs: 0x019ae8f3c2a1, runId: "3f9a1b2c4d", seq: 123 });
  assert.equal(id, "019ae8f3-c2a1-83f9-8a1b-2c4d0000007b");
  assert.match(id, RFC9562_V8, "a version 8, RFC variant UUID");
  assert.deepEqual(readRunMessageId(id), {
    sentAtMs: 0x019ae8f3c2a1,
    runId: "3f9a1b2c4d",
    seq: 123,
  });
});

Deno.test("readRunMessageId reads back every run id, seq and time it is given", () => {
  for (let i = 0; i < 2_000; i++) {
    const place = {
      sentAtMs: Math.floor(Math.random() * 2 ** 48),
      runId: newRunId(),
      seq: 1 + Math.floor(Math.random() * MAX_SEQ),
    };
    assert.deepEqual(readRunMessageId(runMessageId(place)), place);
  }
  const last = { sentAtMs: 2 ** 48 - 1, runId: "ffffffffff", seq: MAX_SEQ };
  assert.deepEqual(readRunMessageId(runMessageId(last)), last);
});

Deno.test("readRunMessageId calls anything else not ours, without throwing", () => {
  const valid = runMessageId({ sentAtMs: 1_700_000_000_000, runId: "0123456789", seq: 7 });
  const others: unknown[] = [
    undefined,
    null,
    7,
    "",
    crypto.randomUUID(),
    "018bcfe5-687b-7c3e-9d2a-4f1b2c3d4e5f", // a UUIDv7
    valid.toUpperCase(),
    valid.slice(0, 35),
    valid + "0",
    valid.slice(0, 19) + "9" + valid.slice(20), // another variant digit: another UUIDv8 layout
    valid.slice(0, 28) + "00000000", // seq 0
    valid.replace(/-/g, "_"),
    valid.slice(0, 30) + "zz" + valid.slice(32),
  ];
  for (const id of others) assert.equal(readRunMessageId(id), undefined, String(id));
});

Deno.test("newRunId: 10 random hex digits", () => {
  const ids = new Set(Array.from({ length: 1_000 }, newRunId));
  assert.equal(ids.size, 1_000);
  for (const id of ids) assert.ok(isRunId(id), id);
  assert.equal(isRunId("run-1"), false);
  assert.equal(isRunId("3F9A1B2C4D"), false);
});

Deno.test("a bad run id or seq is refused by name", () => {
  assert.throws(
    () => runMessageId({ sentAtMs: 0, runId: "run-1", seq: 1 }),
    /run id "run-1": must be 10 lowercase hex digits/,
  );
  assert.throws(() => new RunMessageIdWriter("r"), /run id "r"/);
  for (const seq of [0, -1, 1.5, MAX_SEQ + 1, NaN]) {
    assert.throws(
      () => runMessageId({ sentAtMs: 0, runId: "0123456789", seq }),
      /seq .*: must be a whole number from 1 to 4294967295/,
    );
    assert.throws(
      () => new RunMessageIdWriter("0123456789").write(new Uint8Array(36), 0, seq, 0),
      /seq .*: must be a whole number/,
    );
  }
});

Deno.test("RunMessageIdWriter writes the bytes of runMessageId, and nothing around them", () => {
  const writer = new RunMessageIdWriter("3f9a1b2c4d");
  const out = new Uint8Array(40).fill(0xee);
  const decoder = new TextDecoder();
  for (const [seq, ms] of [[1, 0], [2, 0], [65_536, 1_700_000_000_001], [MAX_SEQ, 2 ** 48 - 1]]) {
    writer.write(out, 2, seq, ms);
    assert.equal(
      decoder.decode(out.subarray(2, 38)),
      runMessageId({ sentAtMs: ms, runId: "3f9a1b2c4d", seq }),
    );
    assert.deepEqual([out[0], out[1], out[38], out[39]], [0xee, 0xee, 0xee, 0xee]);
  }
});
