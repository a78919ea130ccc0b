import assert from "node:assert/strict";
import { brokerStartedAt, chartRows, openingHistory, withLivePoint } from "./chart_points.ts";
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

Deno.test("chartRows breaks the line at a restart and where samples are missing, nowhere else", () => {
  const at = (t: number, startedAt: number, ready = 100) => ({ ...point(t, ready), startedAt });
  const rows = chartRows([
    at(0, -600_000),
    at(2_000, -601_000), // a stale uptime: not a restart
    at(4_000, -600_000),
    at(40_000, 30_000, 0), // the broker started again at 30 s
    at(42_000, 30_000, 0),
    at(44_000, 30_000, 0),
    at(120_000, 30_000, 0), // no samples for over a minute
  ]);
  assert.deepEqual(rows.map((r) => r?.at ?? null), [
    0,
    2_000,
    4_000,
    null,
    40_000,
    42_000,
    44_000,
    null,
    120_000,
  ]);
});

Deno.test("openingHistory drops the broker's samples from before its restart and keeps the monitor's", () => {
  const own = [
    { ...point(0, 142_000), startedAt: -600_000 },
    { ...point(2_000, 144_000), startedAt: -600_000 },
    { ...point(60_000, 0), startedAt: 50_000 },
  ];
  // The restarted broker's samples: zeros for the minutes before it ran, then its figures.
  const sampled = [
    point(-5_000, 0),
    point(0, 0),
    point(5_000, 0),
    point(55_000, 0),
    point(60_000, 0),
  ];
  const history = openingHistory({ sampled, own });
  assert.deepEqual(history.map((p) => [p.at, p.ready]), [
    [0, 142_000],
    [2_000, 144_000],
    [55_000, 0],
    [60_000, 0],
  ]);
  assert.equal(chartRows(history)[2], null, "a gap where the broker restarted");
  // No restart known: the longer of the two, as before.
  assert.equal(openingHistory({ sampled, own: [point(0, 1)] }).length, 5);
});

Deno.test("brokerStartedAt: the moment less the longest uptime of the running nodes", () => {
  const node = (running: boolean, uptimeMs: number) => ({ running, uptimeMs });
  assert.equal(
    brokerStartedAt({ at: 100_000, nodes: [node(true, 40_000), node(true, 90_000)] }),
    10_000,
  );
  assert.equal(brokerStartedAt({ at: 100_000, nodes: [node(false, 0)] }), undefined);
});
