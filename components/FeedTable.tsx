/** The live feed's table: one row per message, newest first. */
import type { FeedMessage } from "../lib/shared/mod.ts";

/** Longest body text shown in a row; the rest is cut with an ellipsis. */
const SHOWN_BODY = 160;

/**
 * The feed's messages as a table, or one line saying why it is empty.
 *
 * @example
 * ```tsx
 * <FeedTable messages={batch.messages} empty="waiting for messages…" />
 * ```
 */
export function FeedTable(props: { messages: FeedMessage[]; empty: string }) {
  return (
    <table class="feed-table">
      <thead>
        <tr>
          <th>time</th>
          <th>from</th>
          <th>seq</th>
          <th>routing key</th>
          <th>body</th>
        </tr>
      </thead>
      <tbody>
        {props.messages.length === 0 && (
          <tr>
            <td colSpan={5} class="muted">{props.empty}</td>
          </tr>
        )}
        {props.messages.map((m, i) => <FeedRow key={`${m.messageId}-${i}`} message={m} />)}
      </tbody>
    </table>
  );
}

/** One message: time, sender (or "foreign"), seq, routing key, body, redelivered. */
function FeedRow({ message: m }: { message: FeedMessage }) {
  return (
    <tr class={m.redelivered ? "redelivered" : ""}>
      <td class="mono">{new Date(m.timestamp).toLocaleTimeString()}</td>
      <td>
        {m.producerId ? `from=${m.producerId}@${m.host}` : <span class="muted">foreign</span>}
      </td>
      <td class="mono">{m.seq ?? ""}</td>
      <td class="mono">{m.routingKey}</td>
      <td class="body">
        {m.body.length > SHOWN_BODY ? `${m.body.slice(0, SHOWN_BODY)}…` : m.body}
        {m.size > m.body.length && <span class="muted">{` (${m.size} bytes)`}</span>}
        {m.redelivered && <span class="tag">redelivered</span>}
      </td>
    </tr>
  );
}
