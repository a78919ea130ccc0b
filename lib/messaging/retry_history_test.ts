import assert from "node:assert/strict";
import { appendRetry, MAX_RETRY_ENTRIES, readRetryHistory } from "./retry_history.ts";

Deno.test("appendRetry adds one entry per retry to what the message carried", () => {
  const at = new Date("2026-12-06T10:00:00Z");
  const first = appendRetry(undefined, {
    attempt: 1,
    delayMs: 300,
    queue: "q.retry.300",
    error: "boom",
    at,
  });
  const second = appendRetry(first, {
    attempt: 2,
    delayMs: 600,
    queue: "q.retry.600",
    error: "x".repeat(500),
    at,
  });
  const history = readRetryHistory(second);
  assert.deepEqual(history.map((e) => [e.attempt, e.delay_ms, e.queue, e.at]), [
    [1, 300, "q.retry.300", "2026-12-06T10:00:00.000Z"],
    [2, 600, "q.retry.600", "2026-12-06T10:00:00.000Z"],
  ]);
  assert.equal(history[0].error, "boom");
  assert.equal(history[1].error.length, 200, "errors are cut to keep the header small");
});

Deno.test("the history keeps the latest entries only", () => {
  let value: string | undefined;
  for (let i = 1; i <= MAX_RETRY_ENTRIES + 5; i++) {
    value = appendRetry(value, { attempt: i, delayMs: 0, queue: "q", error: "e" });
  }
  const history = readRetryHistory(value);
  assert.equal(history.length, MAX_RETRY_ENTRIES);
  assert.equal(history[0].attempt, 6);
});

Deno.test("a header that is not our history reads as none", () => {
  for (const value of [undefined, 5, "not json", '{"a":1}', '[{"attempt":"1"}]', "[null]"]) {
    assert.deepEqual(readRetryHistory(value), []);
  }
});
