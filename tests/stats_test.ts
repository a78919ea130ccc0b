import assert from "node:assert/strict";
import { formatCount, formatInteger, formatMs, LatencyRecorder, rate } from "../lib/stats.ts";

Deno.test("formatCount shortens counts the way the management UI reads", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [950, "950"],
    [1_000, "1K"],
    [1_500, "1.5K"],
    [10_000, "10K"],
    [15_400, "15K"],
    [999_999, "1000K"],
    [1_000_000, "1M"],
    [1_500_000, "1.5M"],
    [2_345_678_901, "2.3B"],
  ];
  for (const [n, text] of cases) assert.equal(formatCount(n), text, String(n));
});

Deno.test("formatInteger groups thousands", () => {
  assert.equal(formatInteger(0), "0");
  assert.equal(formatInteger(999), "999");
  assert.equal(formatInteger(1_234_567), "1,234,567");
  assert.equal(formatInteger(10_000.4), "10,000");
});

Deno.test("formatMs picks a readable unit", () => {
  assert.equal(formatMs(0), "0ms");
  assert.equal(formatMs(12.4), "12ms");
  assert.equal(formatMs(1_530), "1.53s");
  assert.equal(formatMs(125_000), "2m05s");
});

Deno.test("rate is count over seconds, and 0 without elapsed time", () => {
  assert.equal(rate(10_000, 0.5), 20_000);
  assert.equal(rate(5, 0), 0);
});

Deno.test("LatencyRecorder percentiles are within the histogram's 1% precision", () => {
  const h = new LatencyRecorder();
  for (let ms = 1; ms <= 10_000; ms++) h.record(ms);
  const s = h.summary();
  assert.equal(s.count, 10_000);
  assert.equal(s.min, 1);
  const near = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) <= expected * 0.01, `${actual} ≈ ${expected}`);
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
