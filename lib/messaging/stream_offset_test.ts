import assert from "node:assert/strict";
import { describeStreamOffset, parseStreamOffset } from "./stream_offset.ts";

Deno.test("parseStreamOffset takes first, last, next, offsets and ISO timestamps", () => {
  assert.equal(parseStreamOffset("first"), "first");
  assert.equal(parseStreamOffset(" last "), "last");
  assert.equal(parseStreamOffset("next"), "next");
  assert.equal(parseStreamOffset("0"), 0);
  assert.equal(parseStreamOffset("1200"), 1200);
  const at = parseStreamOffset("2026-11-23T10:00:00Z");
  assert.ok(at instanceof Date);
  assert.equal(describeStreamOffset(at), "2026-11-23T10:00:00.000Z");
  assert.equal(describeStreamOffset(7), "7");
});

Deno.test("parseStreamOffset refuses anything else in one line that names the setting", () => {
  assert.throws(() => parseStreamOffset("start"), /^UserError: the stream offset must be first/);
  for (const bad of ["", "start", "-1", "1.5", "12abc", "2026-13-45", "99999999999999999999"]) {
    assert.throws(
      () => parseStreamOffset(bad, "--offset"),
      /^UserError: --offset must be first, last, next, a whole-number offset or an ISO timestamp/,
      bad,
    );
  }
});
