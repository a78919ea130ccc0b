import type { ConsumerDetail } from "../lib/shared/mod.ts";
/** The consumers of a queue with their connection details (server-rendered). */

export default function ConsumerTable(props: { consumers: ConsumerDetail[] | undefined }) {
  if (props.consumers === undefined) return <p class="muted">Consumers need the management API.</p>;
  if (props.consumers.length === 0) return <p class="muted">No consumers.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>consumer tag</th>
          <th>connection</th>
          <th>peer</th>
          <th>user</th>
          <th>prefetch</th>
          <th>ack</th>
        </tr>
      </thead>
      <tbody>
        {props.consumers.map((c) => (
          <tr key={c.consumer_tag}>
            <td class="mono">{c.consumer_tag}</td>
            <td class="mono">{c.channel_details.connection_name}</td>
            <td class="mono">{`${c.channel_details.peer_host}:${c.channel_details.peer_port}`}</td>
            <td>{c.channel_details.user}</td>
            <td>{c.prefetch_count}</td>
            <td>{c.ack_required ? "manual" : "auto"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
