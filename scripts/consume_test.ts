import assert from "node:assert/strict";
import { formatConsumeSummary } from "./consume.ts";

Deno.test("the summary line says — for latency when no message carried our send time", () => {
  const summary = {
    consumed: 3,
    seconds: 0.5,
    rate: 6,
    redelivered: 0,
    duplicates: 0,
    foreign: 3,
    retried: 0,
    dead_lettered: 0,
  };
  assert.match(
    formatConsumeSummary({ ...summary, latency_ms: null }),
    / latency_p50=— latency_p99=—$/,
  );
  assert.match(
    formatConsumeSummary({ ...summary, latency_ms: { p50: 12, p95: 20, p99: 30 } }),
    / latency_p50=12ms latency_p99=30ms$/,
  );
});
