/** One message inspected: where it came from, every property, every header. */
import type { InspectedMessage, JsonValue } from "../lib/shared/mod.ts";

/**
 * The properties and headers of `message` as two tables, with a Close button.
 *
 * @example
 * ```tsx
 * {selected.value && <MessageDetails message={selected.value} onClose={() => (selected.value = null)} />}
 * ```
 */
export function MessageDetails(props: { message: InspectedMessage; onClose: () => void }) {
  const m = props.message;
  return (
    <section class="message-details" aria-label="message details">
      <header class="feed-head">
        <h3>
          Message <span class="mono">{m.messageId || "(no message id)"}</span>
        </h3>
        <button type="button" onClick={props.onClose}>Close</button>
      </header>
      <p class="muted">
        exchange <span class="mono">{m.exchange || "(default)"}</span> · routing key{" "}
        <span class="mono">{m.routingKey}</span> · {m.size} bytes
        {m.redelivered ? " · redelivered" : ""}
      </p>
      {m.problem && (
        <p class="banner" role="alert" data-field="message-problem">
          Some of its properties could not be read ({m.problem}); those shown are the ones that
          could.
        </p>
      )}
      <div class="details-grid">
        <ValueTable title="Properties" values={m.properties} />
        <ValueTable title="Headers" values={m.headers} />
      </div>
    </section>
  );
}

function ValueTable(props: { title: string; values: Record<string, JsonValue> }) {
  const entries = Object.entries(props.values);
  return (
    <table class="values">
      <caption>{props.title}</caption>
      <tbody>
        {entries.length === 0 && (
          <tr>
            <td class="muted">none</td>
          </tr>
        )}
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row" class="mono">{name}</th>
            <td class="mono" data-header={name}>
              {typeof value === "object" && value !== null
                ? <pre>{JSON.stringify(value, null, 2)}</pre>
                : String(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
