/** Whether the page is live, and a banner when the management API is out of reach. */
import { type Snapshot, streamConnected, useSnapshot } from "../lib/shared/mod.ts";

export default function StatusBanner(props: { initial: Snapshot; intervalSeconds: number }) {
  const snapshot = useSnapshot(props.initial);
  const time = new Date(snapshot.at).toLocaleTimeString();
  return (
    <div>
      {snapshot.source === "amqp" && (
        <div class="banner" role="alert">
          <strong>Management API unavailable.</strong>{" "}
          Showing what AMQP alone can tell (queue depth and consumers of known queues); full
          statistics come back by themselves.
          <div class="banner-detail">{snapshot.problem}</div>
        </div>
      )}
      <div class="live-line">
        <span class={streamConnected.value ? "live on" : "live"}>
          {streamConnected.value ? "live" : "not live"}
        </span>{" "}
        updated {time} · every{" "}
        {props.intervalSeconds}s{snapshot.version ? ` · RabbitMQ ${snapshot.version}` : ""}
      </div>
    </div>
  );
}
