/** The broker's nodes, live: running or down, memory, disk, file descriptors and alarms. */
import { formatBytes, type NodeSnapshot, type Snapshot, useSnapshot } from "../lib/shared/mod.ts";

/** Share of a limit as a whole percentage (0 when the limit is unknown). */
function percent(used: number, limit: number): number {
  return limit > 0 ? Math.round((used / limit) * 100) : 0;
}

function NodeCard(props: { node: NodeSnapshot }) {
  const n = props.node;
  const state = !n.running ? "down" : n.alarms.length ? "alarm" : "running";
  return (
    <article class={`node-card node-${state}`} data-node={n.name}>
      <header>
        <span class={`dot dot-${state === "running" ? "ok" : "critical"}`} />
        <span class="node-name">{n.name}</span>
        <span class="node-state" data-field="state">
          {state === "alarm" ? `alarm: ${n.alarms.join(", ")}` : state}
        </span>
      </header>
      {n.running && (
        <dl>
          <div>
            <dt>Memory</dt>
            <dd data-field="memory" title={`limit ${formatBytes(n.memLimit)}`}>
              {`${formatBytes(n.memUsed)} `}
              <small>{`${percent(n.memUsed, n.memLimit)}% of limit`}</small>
            </dd>
          </div>
          <div>
            <dt>Disk free</dt>
            <dd data-field="disk" title={`limit ${formatBytes(n.diskFreeLimit)}`}>
              {formatBytes(n.diskFree)}
            </dd>
          </div>
          <div>
            <dt>File descriptors</dt>
            <dd data-field="fd">
              {/* One text node: hydrating "73", " " against the server's "73 " lost the space. */}
              {`${n.fdUsed} `}
              <small>{`of ${n.fdTotal}`}</small>
            </dd>
          </div>
        </dl>
      )}
    </article>
  );
}

export default function NodeList(props: { initial: Snapshot }) {
  const snapshot = useSnapshot(props.initial);
  if (snapshot.nodes.length === 0) return null;
  const down = snapshot.nodes.filter((n) => !n.running).length;
  return (
    <section class="nodes">
      <h2>
        Nodes{" "}
        <small class="muted" data-field="nodes-scope">
          {`${
            snapshot.nodes.length - down
          } of ${snapshot.nodes.length} running · the whole broker, ` +
            "every vhost"}
          {snapshot.polled ? ` · statistics from ${snapshot.polled}` : ""}
        </small>
      </h2>
      <div class="node-grid">
        {snapshot.nodes.map((n) => <NodeCard key={n.name} node={n} />)}
      </div>
    </section>
  );
}
