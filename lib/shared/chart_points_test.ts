import assert from "node:assert/strict";
import { withLivePoint } from "./chart_points.ts";
import type { ChartPoint } from "./snapshot.ts";

const point = (at: number, ready: number): ChartPoint => ({
  at,
  ready,
  unacked: 0,
  publish: 0,
  deliver: 0,
  ack: 0,
});

Deno.test("withLivePoint appends the live point and drops what left the window", () => {
  const points = [point(1_000, 1), point(5_000, 2), point(9_000, 3)];
  assert.deepEqual(
    withLivePoint(points, point(12_000, 4), 10_000).map((p) => p.at),
    [5_000, 9_000, 12_000],
  );
});

Deno.test("withLivePoint: history stamped later than the live point gives way to it", () => {
  // The management API's newest sample is stamped at the next 5 s step, ahead of now.
  const history = [point(10_000, 5_000), point(15_000, 5_000)];
  const merged = withLivePoint(history, point(12_300, 4_990), 300_000);
  assert.deepEqual(merged.map((p) => [p.at, p.ready]), [[10_000, 5_000], [12_300, 4_990]]);
  // The same snapshot twice is one point.
  assert.equal(withLivePoint(merged, point(12_300, 4_990), 300_000).length, 2);
});
