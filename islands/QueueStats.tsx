/**
 * The overview's summary figures, live: counts, depths and rates, redrawn on every snapshot.
 * Without the management API the vhost's figures are unknown (AMQP tells the depth of a queue
 * named to it, not how many there are): each says so, and the depths of the queues known by
 * name are given beside as what they are.
 */
import StatCard from "../components/StatCard.tsx";
import {
  formatCount,
  formatInteger,
  formatRate,
  fullStatistics,
  ownConnectionsNote,
  type Snapshot,
  UNKNOWN,
  UNKNOWN_TITLE,
  useSnapshot,
} from "../lib/shared/mod.ts";

export default function QueueStats(props: { initial: Snapshot }) {
  const snapshot = useSnapshot(props.initial);
  const t = snapshot.totals;
  const full = fullStatistics(snapshot);
  // Every queue listed (by the management API, statistics or not): their counts are the vhost's.
  const listed = full || snapshot.statisticsOff === true;
  const note = listed ? undefined : partialNote(snapshot);
  const figure = (
    label: string,
    known: boolean,
    value: string,
    exact?: string,
    beside?: string,
  ) => (
    <StatCard
      label={label}
      value={known ? value : UNKNOWN}
      title={known ? exact : UNKNOWN_TITLE}
      note={known ? undefined : beside}
    />
  );
  return (
    <section>
      <div class="stats">
        {figure("Queues", listed, String(t.queues), undefined, note?.queues)}
        {figure("Consumers", listed, String(t.consumers), undefined, note?.consumers)}
        {figure("Connections", full, String(t.connections), ownConnectionsNote(snapshot))}
        {figure("Ready", listed, formatCount(t.ready), formatInteger(t.ready), note?.ready)}
        {figure("Unacked", full, formatCount(t.unacked), formatInteger(t.unacked))}
        {figure("Total", full, formatCount(t.total), formatInteger(t.total))}
        {figure("Publish", full, formatRate(snapshot.rates.publish))}
        {figure("Deliver", full, formatRate(snapshot.rates.deliver))}
      </div>
    </section>
  );
}

/**
 * What AMQP told of the queues it knows by name, for beside the vhost's unknown figures: never
 * their sum as the vhost's (the vhost may hold queues no one named).
 */
function partialNote(snapshot: Snapshot): { queues: string; consumers?: string; ready?: string } {
  if (snapshot.unreachable) return { queues: "the broker cannot be reached" };
  // The totals count every queue known by name; the snapshot's queues may be one page of them.
  const t = snapshot.totals;
  const known = t.queues;
  if (known === 0) return { queues: "no queue known by name without the management API" };
  const of = `in the ${known} known by name`;
  return {
    queues: `${known} known by name`,
    consumers: `${formatInteger(t.consumers)} ${of}`,
    ready: `${formatInteger(t.ready)} ${of}`,
  };
}
