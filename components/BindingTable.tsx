import type { BindingInfo } from "../lib/shared/mod.ts";
/** The bindings that deliver into a queue (server-rendered). */

export default function BindingTable(props: { bindings: BindingInfo[] | undefined }) {
  if (props.bindings === undefined) return <p class="muted">Bindings need the management API.</p>;
  return (
    <table class="bindings">
      <thead>
        <tr>
          <th>from exchange</th>
          <th>routing key</th>
          <th>arguments</th>
        </tr>
      </thead>
      <tbody>
        {props.bindings.map((b, i) => (
          <tr key={i}>
            <td class="mono">{b.source === "" ? "(default exchange)" : b.source}</td>
            <td class="mono">{b.routing_key}</td>
            <td class="mono">
              {b.arguments && Object.keys(b.arguments).length ? JSON.stringify(b.arguments) : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
