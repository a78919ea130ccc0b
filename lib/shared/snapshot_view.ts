/**
 * What of a snapshot a page shows: the overview one page of the queue table, a queue's page
 * that queue, the other pages none of the queues. The server sends each viewer its view (the
 * totals, rates, nodes and connections whole, the queues narrowed), so a broker with 10,000
 * queues costs a viewer what its page shows, not the whole listing. Browser-safe.
 */
import {
  parseQueueQuery,
  type QueuePage,
  queuePageOrLast,
  type QueueQuery,
  QueueQueryError,
  queueQueryParams,
} from "./queue_query.ts";
import type { Snapshot } from "./snapshot.ts";

/** Which queues a view holds. */
export type SnapshotView =
  | { queues: "all" }
  | { queues: "none" }
  | { queues: "one"; name: string }
  | { queues: "page"; query: QueueQuery };

/** A snapshot narrowed to a view: its queues are the view's, `queuePage` says which page. */
export interface ViewSnapshot extends Snapshot {
  /** The view, as the stream's query parameters (`view=page&sort=total`), for the page to ask again. */
  view?: string;
  /** With a page of the table: where it is among the queues that pass the filter. */
  queuePage?: Omit<QueuePage, "items">;
}

/**
 * The stream's query parameters for a view.
 *
 * @example
 * ```ts
 * viewParams({ queues: "one", name: "orders" }).toString(); // "view=one&queue=orders"
 * ```
 */
export function viewParams(view: SnapshotView): URLSearchParams {
  const params = view.queues === "page" ? queueQueryParams(view.query) : new URLSearchParams();
  params.set("view", view.queues);
  if (view.queues === "one") params.set("queue", view.name);
  return params;
}

/**
 * Reads a view from query parameters; without `view`, all queues (the API's complete snapshot).
 * Throws {@linkcode QueueQueryError} naming a parameter that cannot be used.
 *
 * @example
 * ```ts
 * parseView({ view: "page", sort: "total", sort_reverse: "true" }); // one page, deepest first
 * ```
 */
export function parseView(params: Record<string, string | undefined>): SnapshotView {
  switch (params.view) {
    case undefined:
    case "":
    case "all":
      return { queues: "all" };
    case "none":
      return { queues: "none" };
    case "one":
      if (!params.queue) throw new QueueQueryError("'view=one' needs 'queue', a queue's name");
      return { queues: "one", name: params.queue };
    case "page":
      return { queues: "page", query: parseQueueQuery(params) };
  }
  throw new QueueQueryError("'view' must be all, none, one or page");
}

/**
 * The snapshot as a view shows it: totals, rates, nodes, connections and channels whole; the
 * queues narrowed. A page past the end (the list shrank) is the last page.
 *
 * @example
 * ```ts
 * narrowSnapshot(snapshot, { queues: "one", name: "orders" }).queues; // [orders] or []
 * ```
 */
export function narrowSnapshot(snapshot: Snapshot, view: SnapshotView): ViewSnapshot {
  if (view.queues === "all") return snapshot;
  const narrowed: ViewSnapshot = { ...snapshot, view: viewParams(view).toString() };
  if (view.queues === "none") return { ...narrowed, queues: [] };
  if (view.queues === "one") {
    return { ...narrowed, queues: snapshot.queues.filter((q) => q.name === view.name) };
  }
  const { items, ...place } = queuePageOrLast(snapshot.queues, view.query);
  return { ...narrowed, queues: items, queuePage: place };
}
