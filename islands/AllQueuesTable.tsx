/**
 * The queues of every vhost, one page: a vhost column, headings that sort through the address,
 * a pager; read again from `GET /api/queues?vhost=*` each interval while the page is in view.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import {
  formatCount,
  formatInteger,
  formatRate,
  type ManagementPage,
  type QueueQuery,
  queueQueryParams,
  type QueueSnapshot,
  type QueueSortKey,
} from "../lib/shared/mod.ts";

/** Waits this many times a read's duration before the next, so reads take a twentieth of the time. */
const SLOWDOWN = 20;

/** A row: the queue and the vhost it lives in. */
type VhostQueue = QueueSnapshot & { vhost: string };

const COLUMNS: { key: QueueSortKey | "vhost"; label: string }[] = [
  { key: "vhost", label: "vhost" },
  { key: "name", label: "name" },
  { key: "type", label: "type" },
  { key: "state", label: "state" },
  { key: "ready", label: "ready" },
  { key: "unacked", label: "unacked" },
  { key: "total", label: "total" },
  { key: "publish", label: "publish" },
  { key: "deliver", label: "deliver" },
  { key: "ack", label: "ack" },
  { key: "consumers", label: "consumers" },
];

export default function AllQueuesTable(
  props: {
    initial: ManagementPage<VhostQueue>;
    query: QueueQuery;
    /** The vhost the other pages show: its queues link straight to their page. */
    current: string;
    intervalSeconds: number;
  },
) {
  const page = useSignal(props.initial);
  const problem = useSignal("");
  useEffect(() => {
    const params = queueQueryParams(props.query);
    params.set("vhost", "*");
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const read = async () => {
      const started = performance.now();
      // A hidden tab costs the broker nothing.
      if (document.visibilityState === "visible") {
        try {
          const response = await fetch(`/api/queues?${params}`);
          const answer = await response.json();
          if (response.ok) [page.value, problem.value] = [answer, ""];
          else problem.value = answer.error;
        } catch {
          problem.value = "the monitor does not answer";
        }
      }
      // As the poller does: a sorted page of thousands of queues can take the broker a second,
      // so reads take at most a twentieth of its time.
      const took = performance.now() - started;
      if (!stopped) {
        timer = setTimeout(read, Math.max(props.intervalSeconds * 1000, took * SLOWDOWN));
      }
    };
    timer = setTimeout(read, props.intervalSeconds * 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  const p = page.value;
  const href = (changes: Partial<QueueQuery>) =>
    `/queues?${new URLSearchParams([
      ["vhost", "*"],
      ...queueQueryParams({ ...props.query, ...changes }),
    ])}`;
  return (
    <section class="all-queues-section">
      {problem.value && <p class="banner" role="alert">{problem.value}</p>}
      <p class="muted" data-field="count">
        {formatInteger(p.filtered_count)} of {formatInteger(p.total_count)} queues · page {p.page}
        {" "}
        of {Math.max(1, p.page_count)}
      </p>
      <div class="table-scroll">
        <table class="queue-table all-queues">
          <thead>
            <tr>
              {COLUMNS.map((col) =>
                col.key === "vhost" ? <th key={col.key}>{col.label}</th> : (
                  <th
                    key={col.key}
                    aria-sort={props.query.sort === col.key
                      ? (props.query.sortReverse ? "descending" : "ascending")
                      : undefined}
                  >
                    <a href={href(sortChange(props.query, col.key))}>{col.label}</a>
                  </th>
                )
              )}
            </tr>
          </thead>
          <tbody>
            {p.items.map((q) => (
              <Row key={`${q.vhost}/${q.name}`} queue={q} current={props.current} />
            ))}
          </tbody>
        </table>
      </div>
      <p class="pager">
        {p.page > 1 && <a href={href({ page: p.page - 1 })} rel="prev">‹ previous</a>}{" "}
        {p.page < p.page_count && <a href={href({ page: p.page + 1 })} rel="next">next ›</a>}
      </p>
    </section>
  );
}

/** Clicking a heading: by that column, numbers largest first; again reverses. */
function sortChange(query: QueueQuery, key: QueueSortKey): Partial<QueueQuery> {
  const text = key === "name" || key === "type" || key === "state";
  if (query.sort === key) return { sort: key, sortReverse: !query.sortReverse, page: 1 };
  return { sort: key, sortReverse: !text, page: 1 };
}

/** A queue of the current vhost links to its page; another's first makes its vhost the shown one. */
function Row(props: { queue: VhostQueue; current: string }) {
  const q = props.queue;
  const page = `/queues/${encodeURIComponent(q.name)}`;
  return (
    <tr data-queue={q.name} data-vhost={q.vhost}>
      <td class="mono" data-field="vhost">{q.vhost}</td>
      <td class="name">
        {q.vhost === props.current
          ? <a href={page}>{q.name}</a>
          : (
            <form method="post" action="/vhost" class="inline">
              <input type="hidden" name="vhost" value={q.vhost} />
              <input type="hidden" name="next" value={page} />
              <button type="submit" class="link" title={`show vhost ${q.vhost}, then this queue`}>
                {q.name}
              </button>
            </form>
          )}
      </td>
      <td>{q.type}</td>
      <td>{q.state ?? ""}</td>
      <td class="num" data-field="ready">{formatCount(q.ready)}</td>
      <td class="num" data-field="unacked">{formatCount(q.unacked)}</td>
      <td class="num" data-field="total">{formatCount(q.total)}</td>
      <td class="num">{formatRate(q.rates.publish)}</td>
      <td class="num">{formatRate(q.rates.deliver)}</td>
      <td class="num">{formatRate(q.rates.ack)}</td>
      <td class="num" data-field="consumers">{q.consumers}</td>
    </tr>
  );
}
