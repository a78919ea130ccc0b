import assert from "node:assert/strict";
import { parsePublishRequest, PUBLISH_LIMITS } from "./publish_request.ts";
import { HttpError } from "../../lib/errors.ts";

Deno.test("parsePublishRequest accepts a full request and fills defaults", () => {
  assert.deepEqual(parsePublishRequest({ exchange: "x", routing_key: "k", body: "hi" }), {
    exchange: "x",
    routingKey: "k",
    body: "hi",
    headers: {},
    count: 1,
    priority: undefined,
    expirationMs: undefined,
    contentType: "text/plain",
    persistent: true,
  });
  const full = parsePublishRequest({
    exchange: "x",
    body: "{}",
    routing_key: "k",
    priority: 5,
    expiration: 60_000,
    content_type: "application/json",
    persistent: false,
  });
  assert.deepEqual(
    [full.priority, full.expirationMs, full.contentType, full.persistent],
    [5, 60_000, "application/json", false],
  );
  assert.deepEqual(
    parsePublishRequest({
      exchange: "",
      routing_key: "q",
      body: "",
      headers: { a: "b", n: 2 },
      count: 1000,
    }).headers,
    { a: "b", n: 2 },
  );
});

Deno.test("parsePublishRequest refuses each bad field with the status that fits", () => {
  const cases: [unknown, number, RegExp][] = [
    [null, 400, /JSON object/],
    ["text", 400, /JSON object/],
    [{ exchange: 1, body: "x" }, 400, /'exchange'/],
    [{ exchange: "x", routing_key: 5, body: "x" }, 400, /'routing_key' must be a string/],
    [{ exchange: "x", body: 5 }, 400, /'body'/],
    [{ exchange: "x", body: "é".repeat(PUBLISH_LIMITS.bodyBytes / 2 + 1) }, 413, /bytes; at most/],
    [{ exchange: "x", body: "x", count: 0 }, 422, /'count'/],
    [{ exchange: "x", body: "x", count: "3" }, 422, /'count'/],
    [{ exchange: "x", body: "x", headers: [] }, 400, /'headers' must be an object/],
    [{ exchange: "x", body: "x", headers: { h: true } }, 422, /header 'h'/],
    [{ exchange: "x", body: "x", headers: { h: NaN } }, 422, /header 'h'/],
    [{ exchange: "x", body: "x", headers: { host: "r" } }, 422, /set by the toolkit/],
    [
      { exchange: "x", body: "x", priority: 256 },
      422,
      /'priority' must be a whole number from 0 to 255/,
    ],
    [{ exchange: "x", body: "x", priority: "high" }, 422, /'priority'/],
    [{ exchange: "x", body: "x", expiration: -1 }, 422, /'expiration' must be a whole number/],
    [{ exchange: "x", body: "x", content_type: "" }, 422, /'content_type'/],
    [{ exchange: "x", body: "x", persistent: "yes" }, 422, /'persistent' must be true or false/],
    [{ exchange: "x", body: "x", mandatory: true }, 400, /unknown field 'mandatory'/],
    [{ exchange: "x", body: "x", headers: { huge: 1e300 } }, 422, /header 'huge': 1e\+300 is past/],
    [
      { exchange: "x", body: "x", headers: { f: 0.1 } },
      422,
      /header 'f': 0.1 would arrive as 0.1000000014/,
    ],
    [
      {
        exchange: "x",
        body: "x",
        headers: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`h${i}`, i])),
      },
      422,
      /at most 32/,
    ],
  ];
  for (const [raw, status, pattern] of cases) {
    assert.throws(() => parsePublishRequest(raw), (e) => {
      assert.ok(e instanceof HttpError, String(e));
      assert.equal(e.status, status, JSON.stringify(raw).slice(0, 80));
      assert.match(e.message, pattern);
      return true;
    });
  }
});

Deno.test("header numbers go out exactly: int32 as is, wider whole numbers as int64, floats only when exact", () => {
  const { headers } = parsePublishRequest({
    exchange: "x",
    body: "x",
    headers: {
      small: -7,
      int32max: 2 ** 31 - 1,
      above: 2 ** 31,
      wide: -3_000_000_000,
      safe: Number.MAX_SAFE_INTEGER,
      half: 0.5,
      big: 1.5e10 + 0.5,
    },
  });
  assert.deepEqual(headers, {
    small: -7,
    int32max: 2 ** 31 - 1,
    above: 2n ** 31n,
    wide: -3_000_000_000n,
    safe: BigInt(Number.MAX_SAFE_INTEGER),
    half: 0.5,
    big: 1.5e10 + 0.5,
  });
});
