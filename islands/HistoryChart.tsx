/**
 * Depth and rates over time, one chart above the other with a shared cursor (uPlot): ready and
 * unacked messages, then publish, deliver and ack per second. Hovering shows each value at that
 * moment in the legend. The history comes from the management API's own samples, so the chart
 * is full when the page opens, and grows with every live snapshot. A span (5 min, 1 h, and 8 h
 * on the overview) reads that span's samples; the log scale (asinh: zero stays zero) keeps small
 * values readable after a spike.
 */
import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import {
  brokerStartedAt,
  CHART_RANGES,
  type ChartPoint,
  type ChartRange,
  chartRows,
  formatCount,
  formatRate,
  liveSnapshot,
  type Snapshot,
  withLivePoint,
} from "../lib/shared/mod.ts";

/** The two charts: which series each draws, its colour variable and how values read. */
const CHARTS = [
  {
    title: "Depth",
    series: [
      { key: "ready", label: "Ready", color: "--publish", dash: [] },
      { key: "unacked", label: "Unacked", color: "--warn", dash: [6, 3] },
    ],
    format: (v: number) => formatCount(v),
  },
  {
    title: "Rates",
    series: [
      { key: "publish", label: "Publish", color: "--publish", dash: [] },
      { key: "deliver", label: "Deliver", color: "--deliver", dash: [] },
      { key: "ack", label: "Ack", color: "--ack", dash: [4, 4] },
    ],
    format: (v: number) => formatRate(v),
  },
] as const;

const HEIGHT = 170;

export default function HistoryChart(
  props: { queue?: string; history: ChartPoint[]; windowSeconds: number },
) {
  const points = useSignal(props.history);
  const windowSeconds = useSignal(props.windowSeconds);
  const log = useSignal(false);
  const problem = useSignal("");
  // What the "now" row says while the line cannot grow: the figures AMQP still tells.
  const partial = useSignal<Partial<ChartPoint> | undefined>(undefined);
  useSignalEffect(() => {
    const snapshot = liveSnapshot.value;
    if (!snapshot) return;
    const point = pointOf(snapshot, props.queue);
    partial.value = point ? undefined : partialPointOf(snapshot, props.queue);
    if (!point) return;
    points.value = withLivePoint(points.peek(), point, windowSeconds.peek() * 1000);
  });
  const boxes = [useRef<HTMLDivElement>(null), useRef<HTMLDivElement>(null)];
  const plots = useRef<uPlot[]>([]);
  useEffect(
    () => mountCharts(boxes.map((b) => b.current!), plots, points.peek(), log.value),
    [log.value],
  );
  const pick = async (range: ChartRange) => {
    const params = new URLSearchParams({ seconds: String(range.seconds) });
    if (props.queue !== undefined) params.set("queue", props.queue);
    try {
      const response = await fetch(`/api/history?${params}`);
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
      windowSeconds.value = range.seconds;
      points.value = answer.points;
      problem.value = "";
    } catch (error) {
      problem.value = `The ${range.label} history could not be read: ${
        error instanceof Error ? error.message : error
      }`;
    }
  };
  const ranges = CHART_RANGES.filter((r) => !(props.queue !== undefined && r.overviewOnly));
  useEffect(() => {
    const data = columns(points.value);
    for (const [i, plot] of plots.current.entries()) plot.setData(data[i]);
  }, [points.value]);

  const last: Partial<ChartPoint> | undefined = partial.value ?? points.value.at(-1);
  return (
    <figure
      class="chart history-chart"
      data-points={points.value.length}
      data-seconds={windowSeconds.value}
      data-scale={log.value ? "log" : "linear"}
    >
      <div class="chart-tools">
        <span class="view-switch" role="group" aria-label="span">
          {ranges.map((r) => (
            <button
              type="button"
              key={r.seconds}
              data-range={r.seconds}
              aria-pressed={windowSeconds.value === r.seconds}
              onClick={() => pick(r)}
            >
              {r.label}
            </button>
          ))}
        </span>
        <label>
          <input
            type="checkbox"
            name="log-scale"
            checked={log.value}
            onChange={(e) => (log.value = (e.target as HTMLInputElement).checked)}
          />{" "}
          log scale
        </label>
        {problem.value && <span class="banner" role="alert">{problem.value}</span>}
      </div>
      {CHARTS.map((chart, i) => (
        <div key={chart.title} class="chart-part">
          <div class="chart-title">{chart.title}</div>
          <div ref={boxes[i]} class="chart-box" data-chart={chart.title.toLowerCase()} />
        </div>
      ))}
      <figcaption class="chart-now">
        now: {CHARTS.flatMap((chart) =>
          chart.series.map((s) => (
            <span key={s.key} data-field={`chart-${s.key}`}>
              {s.label}{" "}
              <strong>{last?.[s.key] !== undefined ? chart.format(last[s.key]!) : "—"}</strong>
            </span>
          ))
        )}
        {points.value.length < 2 && <span class="muted">collecting…</span>}
      </figcaption>
    </figure>
  );
}

/** This chart's point from a snapshot: the queue's figures, or the broker's totals. */
function pointOf(snapshot: Snapshot, queue?: string): ChartPoint | undefined {
  if (snapshot.source !== "management" || snapshot.unreachable) return undefined; // no made-up 0s
  const startedAt = brokerStartedAt(snapshot);
  if (startedAt === undefined) return undefined; // just started: its queues read 0 until they report
  if (queue === undefined) {
    const { ready, unacked } = snapshot.totals;
    return { at: snapshot.at, ready, unacked, ...snapshot.rates, startedAt };
  }
  const q = snapshot.queues.find((q) => q.name === queue);
  return q && { at: snapshot.at, ready: q.ready, unacked: q.unacked, ...q.rates, startedAt };
}

/**
 * The figures a snapshot without the management API's statistics still tells for the "now" row:
 * a queue's ready count read over AMQP; the rest (and the vhost's totals) unknown.
 */
function partialPointOf(snapshot: Snapshot, queue?: string): Partial<ChartPoint> {
  if (queue === undefined || snapshot.unreachable) return {};
  const q = snapshot.queues.find((q) => q.name === queue);
  return q ? { ready: q.ready } : {};
}

/**
 * The points as uPlot's columns: seconds, then one array per series, for each chart; a break in
 * the line (a restart, missing samples) is a row of nulls, which uPlot draws as a gap.
 */
function columns(points: ChartPoint[]): uPlot.AlignedData[] {
  const rows = chartRows(points);
  // A break sits a millisecond after the point before it.
  const times = rows.map((p, i) => p ? p.at / 1000 : rows[i - 1]!.at / 1000 + 0.001);
  return CHARTS.map((chart) => [
    times,
    ...chart.series.map((s) => rows.map((p) => p ? p[s.key] : null)),
  ]);
}

/** Creates both charts, sized to their boxes and kept so; returns the clean-up. */
function mountCharts(
  boxes: HTMLDivElement[],
  plots: { current: uPlot[] },
  points: ChartPoint[],
  log: boolean,
): () => void {
  const style = getComputedStyle(document.documentElement);
  const color = (name: string) => style.getPropertyValue(name).trim() || "#888";
  const data = columns(points);
  plots.current = CHARTS.map((chart, i) =>
    new uPlot(
      {
        width: boxes[i].clientWidth || 600,
        height: HEIGHT,
        cursor: { sync: { key: "history" } },
        // asinh: like a log scale above 1, linear through 0 (a log scale cannot show 0).
        scales: { x: { time: true }, ...(log ? { y: { distr: 4, asinh: 1 } } : {}) },
        axes: [
          { stroke: color("--muted"), grid: { stroke: color("--line") }, ticks: { show: false } },
          {
            stroke: color("--muted"),
            grid: { stroke: color("--line") },
            ticks: { show: false },
            size: 64,
            // On the log scale, a line at 0 and each power of ten (uPlot's own splits crowd).
            ...(log
              ? {
                splits: (_u: uPlot, _axis: number, _min: number, max: number) => powersOfTen(max),
                // and every one labelled (uPlot's log filter would blank some)
                filter: (_u: uPlot, splits: number[]) => splits,
              }
              : {}),
            values: (_u, values) => values.map((v) => chart.format(v)),
          },
        ],
        series: [
          { value: (_u, v) => (v == null ? "—" : new Date(v * 1000).toLocaleTimeString()) },
          ...chart.series.map((s) => ({
            label: s.label,
            stroke: color(s.color),
            width: 2,
            dash: [...s.dash],
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v == null ? "—" : chart.format(v)),
          })),
        ],
      },
      data[i],
      boxes[i],
    )
  );
  // uPlot's own y scale, for a reader (and a test) to see which it drew: 1 linear, 4 asinh.
  for (const [i, plot] of plots.current.entries()) {
    boxes[i].dataset.yScale = String(plot.scales.y?.distr ?? 1);
  }
  const resize = new ResizeObserver(() => {
    for (const [i, plot] of plots.current.entries()) {
      plot.setSize({ width: boxes[i].clientWidth, height: HEIGHT });
    }
  });
  for (const box of boxes) resize.observe(box);
  return () => {
    resize.disconnect();
    for (const plot of plots.current) plot.destroy();
  };
}

/** 0, 1, 10, 100, … up to the first power of ten at or above `max`. */
function powersOfTen(max: number): number[] {
  const splits = [0];
  for (let v = 1; splits.length < 16; v *= 10) {
    splits.push(v);
    if (v >= max) break;
  }
  return splits;
}
