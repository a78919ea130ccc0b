/** Connections and channels with client names, users and rates, live. */
import {
  formatBytesRate,
  formatRate,
  ownConnectionsNote,
  type Snapshot,
  useSnapshot,
} from "../lib/shared/mod.ts";

export default function ConnectionsTable(props: { initial: Snapshot }) {
  const snapshot = useSnapshot(props.initial);
  if (snapshot.source === "amqp") return <p class="empty">Connections need the management API.</p>;
  return (
    <div>
      <h2 data-field="connections" title={ownConnectionsNote(snapshot)}>
        Connections ({snapshot.connections.length})
      </h2>
      <table>
        <thead>
          <tr>
            <th>client</th>
            <th>user</th>
            <th>peer</th>
            <th>state</th>
            <th>channels</th>
            <th>in</th>
            <th>out</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.connections.map((c) => (
            <tr key={c.name}>
              <td>
                {c.clientName || <span class="muted">unnamed</span>}
                {c.own && <span class="own" data-field="own">this monitor</span>}
              </td>
              <td>{c.user}</td>
              <td class="mono">{c.peer}</td>
              <td>{c.state}</td>
              <td>{c.channels}</td>
              <td>{formatBytesRate(c.recvBytesRate)}</td>
              <td>{formatBytesRate(c.sendBytesRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Channels ({snapshot.channels.length})</h2>
      <table>
        <thead>
          <tr>
            <th>channel</th>
            <th>user</th>
            <th>consumers</th>
            <th>prefetch</th>
            <th>unacked</th>
            <th>mode</th>
            <th>publish</th>
            <th>deliver</th>
            <th>ack</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.channels.map((ch) => (
            <tr key={ch.name}>
              <td>
                {ch.clientName && <strong data-field="client">{ch.clientName}</strong>}{" "}
                <span class="mono muted">{ch.name}</span>
              </td>
              <td>{ch.user}</td>
              <td>{ch.consumers}</td>
              <td>{ch.prefetch}</td>
              <td>{ch.unacked}</td>
              <td>{ch.confirm ? "confirm" : ""}</td>
              <td>{formatRate(ch.rates.publish)}</td>
              <td>{formatRate(ch.rates.deliver)}</td>
              <td>{formatRate(ch.rates.ack)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
