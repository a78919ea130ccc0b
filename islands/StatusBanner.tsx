/** Whether the page is live, and a banner when the management API is out of reach. */
import { type Snapshot, streamConnected, useSnapshot } from "../lib/shared/mod.ts";

/** The page's state beside its clock: live only when the stream and the statistics both are. */
function liveState(snapshot: Snapshot, connected: boolean): { class: string; text: string } {
  if (!connected) return { class: "live", text: "not live" };
  if (snapshot.unreachable) return { class: "live down", text: "broker unreachable" };
  if (snapshot.statisticsOff) return { class: "live degraded", text: "no statistics" };
  if (snapshot.source === "amqp") return { class: "live degraded", text: "degraded" };
  return { class: "live on", text: "live" };
}

/**
 * How often the figures come: the interval asked for, or why they come less often (the broker
 * answered slowly, and polls take at most a twentieth of its time).
 */
function cadence(snapshot: Snapshot, intervalSeconds: number): string {
  const seconds = (snapshot.intervalMs ?? intervalSeconds * 1000) / 1000;
  const every = `every ${Number(seconds.toFixed(1))}s`;
  if (seconds <= intervalSeconds || snapshot.pollMs === undefined) return every;
  return `${every}, not ${intervalSeconds}s: the broker took ${
    (snapshot.pollMs / 1000).toFixed(1)
  }s to answer, and the monitor asks for at most a twentieth of its time`;
}

export default function StatusBanner(props: { initial: Snapshot; intervalSeconds: number }) {
  const snapshot = useSnapshot(props.initial);
  const time = new Date(snapshot.at).toLocaleTimeString();
  const state = liveState(snapshot, streamConnected.value);
  return (
    <div>
      {snapshot.unreachable && (
        <div class="banner" role="alert">
          <strong>Broker unreachable.</strong>{" "}
          Neither the management API nor AMQP answered: nothing on this page is current.
          <div class="banner-detail">{snapshot.problem}</div>
        </div>
      )}
      {snapshot.statisticsOff && (
        <div class="banner" role="status">
          <strong>No management statistics.</strong>{" "}
          This broker collects none for the management API (metrics collection is off): every queue
          and node is listed, depths and consumers are read over AMQP; rates, unacked counts and
          connections are unknown.
          <div class="banner-detail">{snapshot.problem}</div>
        </div>
      )}
      {snapshot.source === "amqp" && !snapshot.unreachable && !snapshot.statisticsOff && (
        <div class="banner" role="alert">
          <strong>Management API unavailable.</strong>{" "}
          Showing what AMQP alone can tell: the depth and consumers of the queues this monitor has
          seen (open /queues/NAME to add another). Unacked counts, rates, connections and queues it
          has not seen come back with the management API, by themselves.
          <div class="banner-detail">{snapshot.problem}</div>
        </div>
      )}
      <div class="live-line">
        <span class={state.class} data-field="live-state">{state.text}</span> updated {time} ·{" "}
        <span data-field="cadence">{cadence(snapshot, props.intervalSeconds)}</span>
        {snapshot.version ? ` · RabbitMQ ${snapshot.version}` : ""}
      </div>
    </div>
  );
}
