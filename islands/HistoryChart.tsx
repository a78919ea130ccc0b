/**
 * Depth and rates over time, one chart above the other with a shared cursor (uPlot): ready and
 * unacked messages, then publish, deliver and ack per second. Hovering shows each value at that
 * moment in the legend. The history comes from the management API's own samples, so the chart
 * is full when the page opens, and grows with every live snapshot.
 */
import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import {
  brokerStartedAt,
  type ChartPoint,
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
  // What the "now" row says while the line cannot grow: the figures AMQP still tells.
  const partial = useSignal<Partial<ChartPoint> | undefined>(undefined);
  useSignalEffect(() => {
    const snapshot = liveSnapshot.value;
    if (!snapshot) return;
    const point = pointOf(snapshot, props.queue);
    partial.value = point ? undefined : partialPointOf(snapshot, props.queue);
    if (!point) return;
    points.value = withLivePoint(points.peek(), point, props.windowSeconds * 1000);
  });
  const boxes = [useRef<HTMLDivElement>(null), useRef<HTMLDivElement>(null)];
  const plots = useRef<uPlot[]>([]);
  useEffect(() => mountCharts(boxes.map((b) => b.current!), plots, points.peek()), []);
  useEffect(() => {
    const data = columns(points.value);
    for (const [i, plot] of plots.current.entries()) plot.setData(data[i]);
  }, [points.value]);

  const last: Partial<ChartPoint> | undefined = partial.value ?? points.value.at(-1);
  return (
    <figure class="chart history-chart" data-points={points.value.length}>
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
        scales: { x: { time: true } },
        axes: [
          { stroke: color("--muted"), grid: { stroke: color("--line") }, ticks: { show: false } },
          {
            stroke: color("--muted"),
            grid: { stroke: color("--line") },
            ticks: { show: false },
            size: 64,
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
