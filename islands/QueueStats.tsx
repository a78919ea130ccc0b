/**
 * The overview's summary figures, live: counts, depths and rates, redrawn on every snapshot.
 * Without the management API only what AMQP tells is shown: the queues it knows by name, their
 * ready messages and consumers; the rest says it is unknown.
 */
import StatCard from "../components/StatCard.tsx";
import {
  formatCount,
  formatInteger,
  formatRate,
  fullStatistics,
  type Snapshot,
  UNKNOWN,
  UNKNOWN_TITLE,
  useSnapshot,
} from "../lib/shared/mod.ts";

export default function QueueStats(props: { initial: Snapshot }) {
  const snapshot = useSnapshot(props.initial);
  const t = snapshot.totals;
  const full = fullStatistics(snapshot);
  const reached = !snapshot.unreachable;
  const figure = (label: string, known: boolean, value: string, exact?: string) => (
    <StatCard
      label={label}
      value={known ? value : UNKNOWN}
      title={known ? exact : UNKNOWN_TITLE}
    />
  );
  return (
    <section>
      <div class="stats">
        {figure(full ? "Queues" : "Known queues", reached, String(t.queues))}
        {figure("Consumers", reached, String(t.consumers))}
        {figure("Connections", full, String(t.connections))}
        {figure("Ready", reached, formatCount(t.ready), formatInteger(t.ready))}
        {figure("Unacked", full, formatCount(t.unacked), formatInteger(t.unacked))}
        {figure("Total", full, formatCount(t.total), formatInteger(t.total))}
        {figure("Publish", full, formatRate(snapshot.rates.publish))}
        {figure("Deliver", full, formatRate(snapshot.rates.deliver))}
      </div>
    </section>
  );
}
