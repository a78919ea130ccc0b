/** Queues as table rows: status, name, type, state, depth, rates, consumers; sortable headings. */
import {
  formatCount,
  formatInteger,
  formatRate,
  type QueueColumn,
  type QueueSnapshot,
  type QueueSortKey,
  UNKNOWN,
  UNKNOWN_TITLE,
} from "../lib/shared/mod.ts";
import { FeatureBadges } from "./FeatureBadges.tsx";

/** The table's columns: heading, sort key, and whether it holds a number. */
const COLUMNS: [label: string, key: QueueSortKey, numeric: boolean][] = [
  ["Name", "name", false],
  ["Type", "type", false],
  ["State", "state", false],
  ["Ready", "ready", true],
  ["Unacked", "unacked", true],
  ["Total", "total", true],
  ["Publish", "publish", true],
  ["Deliver", "deliver", true],
  ["Ack", "ack", true],
  ["Consumers", "consumers", true],
];

const STATUS_TEXT = { ok: "healthy depth", warn: "filling up", critical: "deep backlog" } as const;

/**
 * A table of queues whose headings sort it (`aria-sort` says how it is sorted now).
 *
 * @example
 * ```tsx
 * <QueueRows queues={page.items} sort="total" reverse onSort={(key) => …} />
 * ```
 */
export function QueueRows(
  props: {
    queues: QueueSnapshot[];
    sort: QueueSortKey;
    reverse: boolean;
    onSort: (key: QueueSortKey) => void;
    /** From AMQP alone: unacked, total, rates and state are unknown. */
    partial?: boolean;
    /** The columns shown besides the name (all by default). */
    columns?: readonly QueueColumn[];
  },
) {
  const shown = (column: QueueColumn) => !props.columns || props.columns.includes(column);
  return (
    <div class="table-scroll">
      <table class="queue-table">
        <thead>
          <tr>
            {COLUMNS.map(([label, key, numeric]) => [
              key === "state" && shown("features") && <th key="features">Features</th>,
              (key === "name" || shown(key)) && (
                <th
                  key={key}
                  class={numeric ? "num" : ""}
                  aria-sort={props.sort === key
                    ? (props.reverse ? "descending" : "ascending")
                    : "none"}
                >
                  <button type="button" onClick={() => props.onSort(key)} data-sort={key}>
                    {label}
                    {props.sort === key ? (props.reverse ? " ▼" : " ▲") : ""}
                  </button>
                </th>
              ),
            ])}
          </tr>
        </thead>
        <tbody>
          {props.queues.map((q) => (
            <QueueRow key={q.name} queue={q} partial={props.partial} shown={shown} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QueueRow(
  { queue: q, partial, shown }: {
    queue: QueueSnapshot;
    partial?: boolean;
    shown: (column: QueueColumn) => boolean;
  },
) {
  const cell = (field: QueueColumn, text: string, title?: string) =>
    !shown(field)
      ? null
      : partial && field !== "ready" && field !== "consumers"
      ? <td class="num unknown" data-field={field} title={UNKNOWN_TITLE}>{UNKNOWN}</td>
      : <td class="num" data-field={field} title={title}>{text}</td>;
  const count = (field: "ready" | "unacked" | "total") =>
    cell(field, formatCount(q[field]), formatInteger(q[field]));
  return (
    <tr class={`status-${q.status}`} data-queue={q.name}>
      <td class="name">
        <span
          class={`dot dot-${q.status}`}
          title={STATUS_TEXT[q.status]}
          aria-label={STATUS_TEXT[q.status]}
        />
        <a href={`/queues/${encodeURIComponent(q.name)}`}>{q.name}</a>
      </td>
      {shown("type") && <td>{q.type}</td>}
      {shown("features") && (
        <td>
          <FeatureBadges features={q.features} />
        </td>
      )}
      {shown("state") && (
        <td class={q.state && q.state !== "running" ? "state-bad" : ""} data-field="state">
          {q.state ?? "unknown"}
          {q.members && <DownReplicas members={q.members} online={q.online ?? q.members} />}
        </td>
      )}
      {count("ready")}
      {count("unacked")}
      {count("total")}
      {cell("publish", formatRate(q.rates.publish))}
      {cell("deliver", formatRate(q.rates.deliver))}
      {cell("ack", formatRate(q.rates.ack))}
      {cell("consumers", String(q.consumers))}
    </tr>
  );
}

/** A replicated queue's replicas that are down, named (nothing when all are up). */
function DownReplicas(props: { members: string[]; online: string[] }) {
  const down = props.members.filter((m) => !props.online.includes(m));
  if (down.length === 0) return null;
  return (
    <span
      class="replicas-down"
      data-field="members"
      title={`${down.length} of ${props.members.length} replicas down`}
    >
      {down.map((m) => <span key={m} class="replica-down">{` ${m} (down)`}</span>)}
    </span>
  );
}
