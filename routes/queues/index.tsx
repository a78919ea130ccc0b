/**
 * Every vhost's queues `/queues?vhost=*`: one page of the queues of every vhost the management
 * user may see, with a vhost column, paged, sorted and filtered (a name substring) by the broker
 * as the overview's table is. As of the page's load; the vhost selector keeps choosing the one
 * vhost the other pages show.
 */
import Layout, { shellOf } from "../_layout.tsx";
import type { PageRequest } from "../_context.ts";
import { HttpError } from "../../lib/errors.ts";
import { allVhostQueuePage, type VhostQueue } from "../../lib/snapshots/mod.ts";
import {
  formatCount,
  formatInteger,
  formatRate,
  parseQueueQuery,
  type QueueQuery,
  QueueQueryError,
  queueQueryParams,
  type QueueSortKey,
} from "../../lib/shared/mod.ts";

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

export default async function AllQueuesPage({ ctx, query }: PageRequest) {
  let parsed: QueueQuery;
  try {
    parsed = parseQueueQuery(query);
  } catch (error) {
    if (error instanceof QueueQueryError) throw new HttpError(400, error.message);
    throw error;
  }
  const [snapshot, page] = await Promise.all([
    ctx.poller.view({ queues: "none" }),
    allVhostQueuePage(ctx.management, parsed, ctx.thresholds).catch((error) => {
      if (error instanceof HttpError && error.status === 400) throw error;
      return undefined;
    }),
  ]);
  const href = (changes: Partial<QueueQuery>) =>
    `/queues?${new URLSearchParams([
      ["vhost", "*"],
      ...queueQueryParams({ ...parsed, ...changes }),
    ])}`;
  return (
    <Layout
      title="Queues of every vhost"
      path="/queues?vhost=*"
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <form method="get" action="/queues" class="all-queues-filter">
        <input type="hidden" name="vhost" value="*" />
        <input
          type="search"
          name="name"
          value={parsed.name}
          placeholder="filter by name"
          aria-label="filter by name"
        />
        {parsed.sort !== "name" && <input type="hidden" name="sort" value={parsed.sort} />}
        {parsed.sortReverse && <input type="hidden" name="sort_reverse" value="true" />}
        <button type="submit">Filter</button>
        <a href={href({})}>Refresh</a>
      </form>
      {page
        ? (
          <>
            <p class="muted" data-field="count">
              {formatInteger(page.filtered_count)} of {formatInteger(page.total_count)}{" "}
              queues · page {page.page} of {Math.max(1, page.page_count)} · as of the page's load
            </p>
            <div class="table-scroll">
              <table class="queue-table all-queues">
                <thead>
                  <tr>
                    {COLUMNS.map((col) =>
                      col.key === "vhost" ? <th key={col.key}>{col.label}</th> : (
                        <th
                          key={col.key}
                          aria-sort={parsed.sort === col.key
                            ? (parsed.sortReverse ? "descending" : "ascending")
                            : undefined}
                        >
                          <a href={href(sortChange(parsed, col.key))}>{col.label}</a>
                        </th>
                      )
                    )}
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((q) => (
                    <Row key={`${q.vhost}/${q.name}`} queue={q} current={ctx.vhost} />
                  ))}
                </tbody>
              </table>
            </div>
            <p class="pager">
              {page.page > 1 && <a href={href({ page: page.page - 1 })} rel="prev">‹ previous</a>}
              {" "}
              {page.page < page.page_count && (
                <a href={href({ page: page.page + 1 })} rel="next">next ›</a>
              )}
            </p>
          </>
        )
        : <p class="muted">The management API does not answer, so the queues cannot be listed.</p>}
    </Layout>
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
