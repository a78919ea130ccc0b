/**
 * Reads what one view of the monitor shows from the broker, the management UI's way: a page of
 * the queue table paged, sorted and filtered by the broker; a queue's page that queue; other
 * pages no queue at all. Each costs the broker what it shows, not a listing of every queue.
 */
import type { ManagementClient } from "../management/mod.ts";
import { type ManagementAnswers, pagedSnapshot, queueSnapshot } from "./snapshot_builder.ts";
import { FEED_QUEUE_PREFIX } from "../config.ts";
import {
  MANAGEMENT_SORT_FIELD,
  type SnapshotView,
  type Thresholds,
  viewParams,
  type ViewSnapshot,
} from "../shared/mod.ts";

/** The answers every view shares: everything but the queues. */
export type BaseAnswers = Omit<ManagementAnswers, "queues">;

/**
 * Whether the broker can page this view for us. A regular expression is matched here, by RE2,
 * never by the broker's own engine, which a pattern could keep busy; such a view is cut from
 * a complete listing.
 */
export function brokerPages(view: SnapshotView): boolean {
  return view.queues !== "all" && !(view.queues === "page" && view.query.useRegex);
}

/**
 * The snapshot a view shows, read from the broker now beside `base`.
 *
 * @example
 * ```ts
 * const overview = await readView(management, base, { queues: "page", query }, thresholds);
 * ```
 */
export async function readView(
  management: ManagementClient,
  base: BaseAnswers,
  view: SnapshotView,
  thresholds: Thresholds,
): Promise<ViewSnapshot> {
  const at = Date.now();
  const named = viewParams(view).toString();
  if (view.queues === "page") {
    const { query } = view;
    const page = await management.queuePage({
      page: query.page,
      pageSize: query.pageSize,
      name: query.name,
      sort: MANAGEMENT_SORT_FIELD[query.sort],
      sortReverse: query.sortReverse,
    });
    // The monitors' own feed taps are a way of watching, not queues to show.
    const items = page.items.filter((q) => !q.name.startsWith(FEED_QUEUE_PREFIX));
    const snapshot = pagedSnapshot({ ...base, queues: [] }, page.total_count, thresholds, at);
    // In the broker's order (the builder would sort them by name).
    snapshot.queues = items.map((q) => queueSnapshot(q, thresholds));
    const { items: _, ...place } = page;
    return { ...snapshot, view: named, queuePage: { ...place, item_count: items.length } };
  }
  const [count, one] = await Promise.all([
    queueCount(management),
    view.queues === "one" ? management.queue(view.name) : undefined,
  ]);
  const snapshot = pagedSnapshot({ ...base, queues: one ? [one] : [] }, count, thresholds, at);
  return { ...snapshot, view: named };
}

/** How many queues the vhost has: a page of one, the cheapest answer that says so. */
async function queueCount(management: ManagementClient): Promise<number> {
  const page = await management.queuePage({
    page: 1,
    pageSize: 1,
    name: "",
    sort: "name",
    sortReverse: false,
  });
  return page.total_count;
}
