/**
 * One page of the queues of every vhost the management user may see, paged, sorted and
 * filtered by the broker as the one-vhost table is (`GET /api/queues` without a vhost), each
 * queue with its vhost. Read when asked, not polled.
 */
import { type ManagementClient, SNAPSHOT_QUEUE_COLUMNS } from "../management/mod.ts";
import { FEED_QUEUE_PREFIX } from "../config.ts";
import { HttpError } from "../errors.ts";
import {
  MANAGEMENT_SORT_FIELD,
  type ManagementPage,
  type QueueInfo,
  type QueueQuery,
  type QueueSnapshot,
  type Thresholds,
} from "../shared/mod.ts";
import { queueSnapshot } from "./snapshot_builder.ts";

/** A queue of the all-vhosts list: the table's row and the vhost it lives in. */
export type VhostQueue = QueueSnapshot & { vhost: string };

/**
 * The page `query` asks for across every vhost. A regular expression is refused (400): it is
 * matched here, never by the broker, and that takes a listing of every queue of every vhost.
 *
 * @example
 * ```ts
 * const page = await allVhostQueuePage(management, { ...DEFAULT_QUEUE_QUERY }, thresholds);
 * page.items[0].vhost; // "/"
 * ```
 */
export async function allVhostQueuePage(
  management: ManagementClient,
  query: QueueQuery,
  thresholds: Thresholds,
): Promise<ManagementPage<VhostQueue>> {
  if (query.useRegex) {
    throw new HttpError(400, "use_regex: only a name substring filters every vhost's queues");
  }
  const params = new URLSearchParams({
    page: String(query.page),
    page_size: String(query.pageSize),
    name: query.name,
    use_regex: "false",
    pagination: "true",
    columns: [...SNAPSHOT_QUEUE_COLUMNS, "vhost"].join(","),
  });
  // As for one vhost: the name order costs the broker the page alone.
  if (query.sort !== "name") params.set("sort", MANAGEMENT_SORT_FIELD[query.sort]);
  if (query.sortReverse) params.set("sort_reverse", "true");
  const page = await pageOrLast(management, params, query);
  const items = page.items
    .filter((q) => !q.name.startsWith(FEED_QUEUE_PREFIX))
    .map((q) => ({ ...queueSnapshot(q, thresholds), vhost: q.vhost }));
  return { ...page, items, item_count: items.length };
}

/** The page, or the last one when the list shrank under it. */
async function pageOrLast(
  management: ManagementClient,
  params: URLSearchParams,
  query: QueueQuery,
): Promise<ManagementPage<QueueInfo>> {
  try {
    return await management.request("GET", `queues?${params}`);
  } catch (error) {
    const len = error instanceof HttpError && error.status === 400
      ? /len: (\d+)/.exec(error.message)?.[1]
      : undefined;
    if (len === undefined || query.page === 1) throw error;
    params.set("page", String(Math.max(1, Math.ceil(Number(len) / query.pageSize))));
    return await management.request("GET", `queues?${params}`);
  }
}
