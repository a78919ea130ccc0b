/** Publish, deliver and ack rates of one queue over the last minutes, as an SVG line chart. */
import { useComputed, useSignal, useSignalEffect } from "@preact/signals";
import { formatRate, liveSnapshot, type RatePoint } from "../lib/shared/mod.ts";

const WIDTH = 720, HEIGHT = 220, PAD = { left: 56, right: 12, top: 12, bottom: 24 };
const SERIES = [
  { key: "publish", label: "Publish", class: "line-publish" },
  { key: "deliver", label: "Deliver", class: "line-deliver" },
  { key: "ack", label: "Ack", class: "line-ack" },
] as const;

export default function RateChart(
  props: { queue: string; history: RatePoint[]; windowSeconds: number },
) {
  const points = useSignal(props.history);
  useSignalEffect(() => {
    const snapshot = liveSnapshot.value;
    const q = snapshot?.queues.find((q) => q.name === props.queue);
    if (!snapshot || !q) return;
    const current = points.peek();
    if (current.length && current[current.length - 1].at >= snapshot.at) return;
    const cutoff = snapshot.at - props.windowSeconds * 1000;
    points.value = [...current.filter((p) => p.at >= cutoff), { at: snapshot.at, ...q.rates }];
  });
  const chart = useComputed(() => {
    const data = points.value;
    const end = data.length ? data[data.length - 1].at : Date.now();
    const start = end - props.windowSeconds * 1000;
    const max = Math.max(1, ...data.flatMap((p) => [p.publish, p.deliver, p.ack]));
    const x = (at: number) =>
      PAD.left + ((at - start) / (end - start)) * (WIDTH - PAD.left - PAD.right);
    const y = (v: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
    const lines = SERIES.map((s) => ({
      ...s,
      path: data.map((p) => `${x(p.at).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(" "),
      last: data.length ? data[data.length - 1][s.key] : 0,
    }));
    return { lines, max, y, count: data.length };
  });
  const { lines, max, y, count } = chart.value;
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Message rates of ${props.queue}`}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              class="grid"
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(max * f)}
              y2={y(max * f)}
            />
            <text class="axis" x={PAD.left - 6} y={y(max * f) + 4} text-anchor="end">
              {formatRate(max * f)}
            </text>
          </g>
        ))}
        <text class="axis" x={PAD.left} y={HEIGHT - 6}>
          -{Math.round(props.windowSeconds / 60)} min
        </text>
        <text class="axis" x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end">now</text>
        {lines.map((l) => <polyline key={l.key} class={l.class} points={l.path} />)}
      </svg>
      <figcaption>
        {lines.map((l) => (
          <span key={l.key} class={`legend ${l.class}`}>
            {l.label} <strong>{formatRate(l.last)}</strong>
          </span>
        ))}
        {count < 2 && <span class="muted">collecting…</span>}
      </figcaption>
    </figure>
  );
}
