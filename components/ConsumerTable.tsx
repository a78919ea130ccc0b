import type { ConsumerDetail } from "../lib/shared/mod.ts";
/**
 * The consumers of a queue (server-rendered): the client's own name for its connection first
 * ("consume Worker", "monitor"), then tag, peer, user, prefetch and ack mode.
 */
export default function ConsumerTable(
  props: {
    consumers: ConsumerDetail[] | undefined;
    /** Client-given connection names, by the broker's connection name. */
    clientNames?: Record<string, string>;
  },
) {
  if (props.consumers === undefined) return <p class="muted">Consumers need the management API.</p>;
  if (props.consumers.length === 0) return <p class="muted">No consumers.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>client</th>
          <th>consumer tag</th>
          <th>peer</th>
          <th>user</th>
          <th>prefetch</th>
          <th>ack</th>
        </tr>
      </thead>
      <tbody>
        {props.consumers.map((c) => (
          <tr key={c.consumer_tag}>
            <td data-field="client">
              {props.clientNames?.[c.channel_details.connection_name] ||
                <span class="muted">unnamed</span>}
            </td>
            <td class="mono">{c.consumer_tag}</td>
            <td class="mono">
              {c.channel_details.peer_host
                ? `${c.channel_details.peer_host}:${c.channel_details.peer_port}`
                : "—"}
            </td>
            <td>{c.channel_details.user}</td>
            <td>{c.prefetch_count}</td>
            <td>{c.ack_required ? "manual" : "auto"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
