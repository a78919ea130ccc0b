/** The overview's summary figures, live: counts, depths and rates, redrawn on every snapshot. */
import StatCard from "../components/StatCard.tsx";
import {
  formatCount,
  formatInteger,
  formatRate,
  type Snapshot,
  useSnapshot,
} from "../lib/shared/mod.ts";

export default function QueueStats(props: { initial: Snapshot }) {
  const snapshot = useSnapshot(props.initial);
  const t = snapshot.totals;
  return (
    <section>
      <div class="stats">
        <StatCard label="Queues" value={String(t.queues)} />
        <StatCard label="Consumers" value={String(t.consumers)} />
        <StatCard
          label="Connections"
          value={snapshot.source === "amqp" ? "—" : String(t.connections)}
        />
        <StatCard label="Ready" value={formatCount(t.ready)} title={formatInteger(t.ready)} />
        <StatCard label="Unacked" value={formatCount(t.unacked)} title={formatInteger(t.unacked)} />
        <StatCard label="Total" value={formatCount(t.total)} title={formatInteger(t.total)} />
        <StatCard label="Publish" value={formatRate(snapshot.rates.publish)} />
        <StatCard label="Deliver" value={formatRate(snapshot.rates.deliver)} />
      </div>
    </section>
  );
}
