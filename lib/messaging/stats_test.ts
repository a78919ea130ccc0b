import assert from "node:assert/strict";
import { LatencyRecorder, rate } from "./stats.ts";

Deno.test("rate is count over seconds, and 0 without elapsed time", () => {
  assert.equal(rate(10_000, 0.5), 20_000);
  assert.equal(rate(5, 0), 0);
});

Deno.test("LatencyRecorder percentiles are within the histogram's 1% precision", () => {
  const h = new LatencyRecorder();
  for (let ms = 1; ms <= 10_000; ms++) h.record(ms);
  const s = h.summary();
  const near = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) <= expected * 0.01, `${actual} ≈ ${expected}`);
  assert.equal(s.count, 10_000);
  near(s.min, 1);
  near(s.p50, 5_000);
  near(s.p75, 7_500);
  near(s.p95, 9_500);
  near(s.p99, 9_900);
  near(s.max, 10_000);
});

Deno.test("LatencyRecorder clamps negatives (clock skew) and huge values instead of failing", () => {
  const h = new LatencyRecorder();
  h.record(-5);
  h.record(10 * 3_600_000);
  const s = h.summary();
  assert.equal(s.count, 2);
  assert.ok(s.max >= 3_600_000 * 0.99);
  const fine = new LatencyRecorder();
  fine.record(0.25);
  assert.ok(
    Math.abs(fine.summary().p50 - 0.25) < 0.01,
    "sub-millisecond latencies keep their precision",
  );
  assert.deepEqual(new LatencyRecorder().summary(), {
    count: 0,
    min: 0,
    p50: 0,
    p75: 0,
    p95: 0,
    p99: 0,
    max: 0,
  });
});

Deno.test("LatencyRecorder summaries are ordered: min <= p50 <= p75 <= p95 <= p99 <= max", () => {
  // Zeros, a few identical values and one outlier: the cases where bucket tops and a
  // non-zero minimum used to break the order.
  for (
    const values of [
      [0, 0, 0, 5],
      [123.456, 123.456, 123.456],
      [1, 2, 3, 4, 100_000],
      [0.001, 7_000, 7_001],
    ]
  ) {
    const h = new LatencyRecorder();
    for (const v of values) h.record(v);
    const s = h.summary();
    const order = [s.min, s.p50, s.p75, s.p95, s.p99, s.max];
    assert.deepEqual(order, order.toSorted((a, b) => a - b), `${values}: ${order}`);
  }
});
