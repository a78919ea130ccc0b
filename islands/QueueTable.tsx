/**
 * The overview's queues: a table sorted by any column (click a heading), filtered by name
 * (substring or regular expression) and paged, as `GET /api/queues` answers; or the same page as
 * cards. The server pages the queues (the stream sends this page's rows, not every queue), and
 * every snapshot updates the rows in place; the query and the columns shown stay in the address
 * bar.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import QueueCard from "../components/QueueCard.tsx";
import { QueueRows } from "../components/QueueRows.tsx";
import {
  fullStatistics,
  QUEUE_COLUMNS,
  type QueueColumn,
  queueColumnsParam,
  type QueuePage,
  queuePageOrLast,
  type QueueQuery,
  QueueQueryError,
  queueQueryParams,
  type QueueSortKey,
  type Snapshot,
  streamView,
  useSnapshot,
  viewParams,
  type ViewSnapshot,
} from "../lib/shared/mod.ts";

/** Page sizes offered. */
const PAGE_SIZES = [20, 50, 100, 500];

type View = "table" | "cards";

export default function QueueTable(
  props: { initial: ViewSnapshot; query: QueueQuery; view: View; columns?: QueueColumn[] },
) {
  const snapshot = useSnapshot(props.initial);
  const query = useSignal(props.query);
  const view = useSignal<View>(props.view);
  const columns = useSignal<QueueColumn[]>(props.columns ?? [...QUEUE_COLUMNS]);
  // Each snapshot re-renders the island; a new query asks the stream for its page.
  const result = serverPage(snapshot) ?? pageOf(snapshot.queues, query.value);
  useEffect(() => {
    // The address bar holds the query, so a reload or a shared link shows the same page.
    const params = queueQueryParams(query.value);
    if (view.value === "cards") params.set("view", "cards");
    const shown = queueColumnsParam(columns.value);
    if (shown) params.set("columns", shown);
    const search = params.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  }, [query.value, view.value, columns.value]);
  useEffect(() => {
    streamView(viewParams({ queues: "page", query: query.value }).toString());
  }, [query.value]);

  const set = (change: Partial<QueueQuery>) => (query.value = { ...query.value, ...change });
  const sortBy = (key: QueueSortKey) => {
    const q = query.value;
    // A second click turns the order; numbers start with the largest, names with A.
    const sortReverse = q.sort === key ? !q.sortReverse : key !== "name" && key !== "type" &&
      key !== "state";
    set({ sort: key, sortReverse, page: 1 });
  };
  return (
    <section class="queues">
      <div class="table-tools">
        <h2>Queues</h2>
        <input
          type="search"
          placeholder="filter by name"
          aria-label="filter queues by name"
          value={query.value.name}
          onInput={(e) => set({ name: (e.target as HTMLInputElement).value, page: 1 })}
        />
        <label>
          <input
            type="checkbox"
            checked={query.value.useRegex}
            onChange={(e) => set({ useRegex: (e.target as HTMLInputElement).checked, page: 1 })}
          />{" "}
          regex
        </label>
        <ColumnChoice
          columns={columns.value}
          onChange={(next) => (columns.value = next)}
        />
        <span class="view-switch" role="group" aria-label="view">
          {(["table", "cards"] as const).map((v) => (
            <button
              type="button"
              key={v}
              aria-pressed={view.value === v}
              onClick={() => (view.value = v)}
            >
              {v === "table" ? "Table" : "Cards"}
            </button>
          ))}
        </span>
      </div>
      {"error" in result ? <p class="banner" role="alert">{result.error}</p> : (
        <QueueList
          page={result}
          view={view.value}
          query={query.value}
          sortBy={sortBy}
          partial={!fullStatistics(snapshot)}
          columns={columns.value}
        />
      )}
      {!("error" in result) && (
        <Pager
          page={result}
          onPage={(p) => set({ page: p })}
          onSize={(s) => set({ pageSize: s, page: 1 })}
        />
      )}
    </section>
  );
}

/** The page the server sent, where the snapshot is one page of the table. */
function serverPage(snapshot: ViewSnapshot): QueuePage | undefined {
  return snapshot.queuePage && { ...snapshot.queuePage, items: snapshot.queues };
}

/** The page for the query; a page past the end (the list shrank) shows the last one. */
function pageOf(queues: Snapshot["queues"], query: QueueQuery): QueuePage | { error: string } {
  try {
    return queuePageOrLast(queues, query);
  } catch (error) {
    if (!(error instanceof QueueQueryError)) throw error;
    return { error: error.message };
  }
}

function QueueList(
  props: {
    page: QueuePage;
    view: View;
    query: QueueQuery;
    sortBy: (key: QueueSortKey) => void;
    partial: boolean;
    columns: QueueColumn[];
  },
) {
  const { page } = props;
  if (page.total_count === 0 && props.partial) {
    return (
      <p class="empty">
        No queue known: without the management API the monitor can only look up queues by name, so
        the queues it saw before show here, with their depth.
      </p>
    );
  }
  if (page.total_count === 0) {
    return (
      <p class="empty">
        No queues yet. Run <code>deno task produce</code> to create some.
      </p>
    );
  }
  if (page.filtered_count === 0) return <p class="empty">No queue name matches the filter.</p>;
  if (props.view === "cards") {
    return (
      <div class="queue-grid">
        {page.items.map((q) => <QueueCard key={q.name} queue={q} partial={props.partial} />)}
      </div>
    );
  }
  return (
    <QueueRows
      queues={page.items}
      partial={props.partial}
      sort={props.query.sort}
      reverse={props.query.sortReverse}
      onSort={props.sortBy}
      columns={props.columns}
    />
  );
}

/** The columns to show: a checkbox each (the name always shows). */
function ColumnChoice(
  props: { columns: QueueColumn[]; onChange: (columns: QueueColumn[]) => void },
) {
  return (
    <details class="column-choice">
      <summary>Columns</summary>
      <div role="group" aria-label="columns shown">
        {QUEUE_COLUMNS.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              name={c}
              checked={props.columns.includes(c)}
              onChange={(e) =>
                props.onChange(
                  (e.target as HTMLInputElement).checked
                    ? QUEUE_COLUMNS.filter((k) => k === c || props.columns.includes(k))
                    : props.columns.filter((k) => k !== c),
                )}
            />{" "}
            {c}
          </label>
        ))}
      </div>
    </details>
  );
}

/** "21–40 of 57 (filtered from 80)", previous and next, and the page size. */
function Pager(
  props: { page: QueuePage; onPage: (page: number) => void; onSize: (size: number) => void },
) {
  const p = props.page;
  if (p.total_count === 0) return null;
  const first = p.filtered_count === 0 ? 0 : (p.page - 1) * p.page_size + 1;
  const last = (p.page - 1) * p.page_size + p.item_count;
  return (
    <nav class="pager" aria-label="queue pages">
      <button type="button" disabled={p.page <= 1} onClick={() => props.onPage(p.page - 1)}>
        ‹ Previous
      </button>
      <span data-field="page-info">
        {first}–{last} of {p.filtered_count}
        {p.filtered_count !== p.total_count ? ` (filtered from ${p.total_count})` : ""} · page{" "}
        {p.page} of {p.page_count}
      </span>
      <button
        type="button"
        disabled={p.page >= p.page_count}
        onClick={() => props.onPage(p.page + 1)}
      >
        Next ›
      </button>
      <label>
        per page{" "}
        <select
          value={p.page_size}
          onChange={(e) => props.onSize(Number((e.target as HTMLSelectElement).value))}
        >
          {PAGE_SIZES.map((size) => <option key={size} value={size}>{size}</option>)}
        </select>
      </label>
    </nav>
  );
}
