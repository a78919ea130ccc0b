/** A table of messages (the live feed, messages got or consumed): one row per message. */
import type { FeedMessage } from "../lib/shared/mod.ts";

/** Longest body text shown in a row; the rest is cut with an ellipsis. */
const SHOWN_BODY = 160;

/** Props of {@linkcode FeedTable}. */
export interface FeedTableProps<M extends FeedMessage> {
  messages: M[];
  /** What the table says when there is nothing to show. */
  empty: string;
  /** Makes rows selectable (click, or Enter on a focused row) to inspect one message. */
  onSelect?: (message: M) => void;
  /** The selected message, marked in the table. */
  selected?: M | null;
}

/**
 * Messages as a table, or one line saying why it is empty.
 *
 * @example
 * ```tsx
 * <FeedTable messages={batch.messages} empty="waiting for messages…" onSelect={show} />
 * ```
 */
export function FeedTable<M extends FeedMessage>(props: FeedTableProps<M>) {
  return (
    <table class={`feed-table ${props.onSelect ? "selectable" : ""}`}>
      <thead>
        <tr>
          <th>time</th>
          <th>from</th>
          <th>seq</th>
          <th>message id</th>
          <th>routing key</th>
          <th>body</th>
        </tr>
      </thead>
      <tbody>
        {props.messages.length === 0 && (
          <tr>
            <td colSpan={6} class="muted">{props.empty}</td>
          </tr>
        )}
        {props.messages.map((m, i) => (
          <FeedRow
            key={`${m.messageId}-${i}`}
            message={m}
            selected={m === props.selected}
            onSelect={props.onSelect && (() => props.onSelect!(m))}
          />
        ))}
      </tbody>
    </table>
  );
}

/** One message: time, sender (or "foreign"), seq, id, routing key, body, redelivered. */
function FeedRow(
  { message: m, selected, onSelect }: {
    message: FeedMessage;
    selected: boolean;
    onSelect?: () => void;
  },
) {
  const classes = [m.redelivered ? "redelivered" : "", selected ? "selected" : ""].join(" ");
  return (
    <tr
      class={classes.trim()}
      tabIndex={onSelect ? 0 : undefined}
      aria-selected={onSelect ? selected : undefined}
      onClick={onSelect}
      onKeyDown={onSelect && ((e) => e.key === "Enter" && onSelect())}
    >
      <td class="mono">{new Date(m.timestamp).toLocaleTimeString()}</td>
      <td>
        {m.producerId ? `from=${m.producerId}@${m.host}` : <span class="muted">foreign</span>}
      </td>
      <td class="mono">{m.seq ?? ""}</td>
      {/* The tail: a UUIDv7 starts with its time, the same for every message of a second. */}
      <td class="mono" title={m.messageId}>
        {m.messageId.length > 12 ? `…${m.messageId.slice(-8)}` : m.messageId}
      </td>
      <td class="mono">{m.routingKey}</td>
      <td class="body">
        {m.body.length > SHOWN_BODY ? `${m.body.slice(0, SHOWN_BODY)}…` : m.body}
        {m.size > m.body.length && <span class="muted">{` (${m.size} bytes)`}</span>}
        {m.redelivered && <span class="tag">redelivered</span>}
      </td>
    </tr>
  );
}
