/**
 * Sorting, filtering and paging a list of queues, with the management API's own parameters and
 * answer shape (`GET /api/queues?page=1&page_size=20&name=abc&use_regex=false&sort=messages&
 * sort_reverse=true` answers `{items, filtered_count, item_count, total_count, page, page_size,
 * page_count}`). The server answers the API with it; the overview's table applies the same query
 * to every live snapshot, so rows update in place. Browser-safe: types, and RE2JS (pure JS).
 */
import { RE2JS } from "re2js";
import type { QueueSnapshot } from "./snapshot.ts";
import type { ManagementPage } from "./management_types.ts";

/** Columns a queue list can be sorted by. */
export const QUEUE_SORT_KEYS = [
  "name",
  "type",
  "state",
  "ready",
  "unacked",
  "total",
  "publish",
  "deliver",
  "ack",
  "consumers",
] as const;
/** One of {@linkcode QUEUE_SORT_KEYS}. */
export type QueueSortKey = typeof QUEUE_SORT_KEYS[number];

/** The management API's names for the same columns, accepted as well. */
const MANAGEMENT_SORT_NAMES: Record<string, QueueSortKey> = {
  messages: "total",
  messages_ready: "ready",
  messages_unacknowledged: "unacked",
  "message_stats.publish_details.rate": "publish",
  "message_stats.deliver_get_details.rate": "deliver",
  "message_stats.ack_details.rate": "ack",
};

/** The management API's field for each column, to have the broker sort a page. */
export const MANAGEMENT_SORT_FIELD: Record<QueueSortKey, string> = {
  name: "name",
  type: "type",
  state: "state",
  ready: "messages_ready",
  unacked: "messages_unacknowledged",
  total: "messages",
  publish: "message_stats.publish_details.rate",
  deliver: "message_stats.deliver_get_details.rate",
  ack: "message_stats.ack_details.rate",
  consumers: "consumers",
};

/** Page sizes the API accepts. */
export const MAX_PAGE_SIZE = 500;
/** The longest regular expression accepted in `name` with `use_regex=true`. */
const MAX_REGEX_LENGTH = 100;

/** A checked query. */
export interface QueueQuery {
  /** From 1. */
  page: number;
  pageSize: number;
  /** Filter: a substring of the name (any case), or a regular expression with `useRegex`. */
  name: string;
  useRegex: boolean;
  sort: QueueSortKey;
  sortReverse: boolean;
}

/** The default query: the first 20 queues by name. */
export const DEFAULT_QUEUE_QUERY: QueueQuery = {
  page: 1,
  pageSize: 20,
  name: "",
  useRegex: false,
  sort: "name",
  sortReverse: false,
};

/** One page of queues, in the management API's shape. */
export type QueuePage = ManagementPage<QueueSnapshot>;

/**
 * {@linkcode queuePage}, except that a page past the end (the list shrank, or the person paged
 * on) is the last page. Still throws {@linkcode QueueQueryError} for a pattern RE2 refuses.
 *
 * @example
 * ```ts
 * queuePageOrLast(queues, { ...DEFAULT_QUEUE_QUERY, page: 99 }).page; // the last page
 * ```
 */
export function queuePageOrLast(queues: QueueSnapshot[], query: QueueQuery): QueuePage {
  try {
    return queuePage(queues, query);
  } catch (error) {
    if (!(error instanceof QueueQueryError) || error.lastPage === undefined) throw error;
    return queuePage(queues, { ...query, page: error.lastPage });
  }
}

/** A query parameter that cannot be used, named with what is accepted. */
export class QueueQueryError extends Error {
  /** Set when the page asked for is past the end: the last page there is. */
  readonly lastPage?: number;

  constructor(message: string, lastPage?: number) {
    super(message);
    this.name = "QueueQueryError";
    this.lastPage = lastPage;
  }
}

/**
 * Checks query parameters (missing ones take {@linkcode DEFAULT_QUEUE_QUERY}'s values).
 *
 * @example
 * ```ts
 * parseQueueQuery({ sort: "messages", sort_reverse: "true" }).sort; // "total"
 * parseQueueQuery({ page_size: "0" }); // throws QueueQueryError naming page_size
 * ```
 */
export function parseQueueQuery(params: Record<string, string | undefined>): QueueQuery {
  const whole = (name: string, fallback: number, max: number) => {
    const raw = params[name];
    if (raw === undefined || raw === "") return fallback;
    const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= max)) {
      throw new QueueQueryError(`'${name}' must be a whole number from 1 to ${max}`);
    }
    return n;
  };
  const flag = (name: string) => {
    const raw = params[name];
    if (raw === undefined || raw === "" || raw === "false") return false;
    if (raw === "true") return true;
    throw new QueueQueryError(`'${name}' must be true or false`);
  };
  const rawSort = params.sort || DEFAULT_QUEUE_QUERY.sort;
  const sort = MANAGEMENT_SORT_NAMES[rawSort] ?? QUEUE_SORT_KEYS.find((key) => key === rawSort);
  if (!sort) {
    throw new QueueQueryError(
      `'sort' must be one of ${QUEUE_SORT_KEYS.join(", ")} (or the management API's names, ` +
        `such as messages)`,
    );
  }
  const query: QueueQuery = {
    page: whole("page", 1, 1_000_000),
    pageSize: whole("page_size", DEFAULT_QUEUE_QUERY.pageSize, MAX_PAGE_SIZE),
    name: params.name ?? "",
    useRegex: flag("use_regex"),
    sort,
    sortReverse: flag("sort_reverse"),
  };
  if (query.useRegex) nameMatcher(query); // refuse a bad pattern here, with its reason
  return query;
}

/**
 * The query as URL parameters, leaving out what is the default (for links and the address bar).
 *
 * @example
 * ```ts
 * queueQueryParams({ ...DEFAULT_QUEUE_QUERY, sort: "total", sortReverse: true }).toString();
 * // "sort=total&sort_reverse=true"
 * ```
 */
export function queueQueryParams(query: QueueQuery): URLSearchParams {
  const params = new URLSearchParams();
  const d = DEFAULT_QUEUE_QUERY;
  if (query.page !== d.page) params.set("page", String(query.page));
  if (query.pageSize !== d.pageSize) params.set("page_size", String(query.pageSize));
  if (query.name) params.set("name", query.name);
  if (query.useRegex) params.set("use_regex", "true");
  if (query.sort !== d.sort) params.set("sort", query.sort);
  if (query.sortReverse) params.set("sort_reverse", "true");
  return params;
}

/**
 * Whether a name passes the filter: a substring (any case), or a regular expression run by
 * RE2JS, whose time grows linearly with the name whatever the pattern, so no pattern can
 * stall the server (or the page) that runs it. RE2 syntax: no backreferences or lookaround.
 *
 * @example
 * ```ts
 * nameMatcher({ name: "^orders\\.", useRegex: true })("orders.dlq"); // true
 * nameMatcher({ name: "(a+)+$", useRegex: true })("a".repeat(255) + "!"); // false, at once
 * ```
 */
export function nameMatcher(
  query: Pick<QueueQuery, "name" | "useRegex">,
): (name: string) => boolean {
  if (!query.name) return () => true;
  if (!query.useRegex) {
    const needle = query.name.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
  if (query.name.length > MAX_REGEX_LENGTH) {
    throw new QueueQueryError(
      `'name' as a regular expression is at most ${MAX_REGEX_LENGTH} characters`,
    );
  }
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(query.name, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    throw new QueueQueryError(
      `'name' is not a regular expression RE2 accepts (no backreferences or lookaround): ${
        (error as Error).message
      }`,
    );
  }
  return (name) => pattern.test(name);
}

/** The value a queue is sorted by, for a column. */
function sortValue(q: QueueSnapshot, key: QueueSortKey): string | number {
  switch (key) {
    case "publish":
    case "deliver":
    case "ack":
      return q.rates[key];
    case "state":
      return q.state ?? "";
    default:
      return q[key];
  }
}

/**
 * One page of `queues` for `query`: filtered, sorted (ties by name), cut to the page. Throws a
 * {@linkcode QueueQueryError} for a page past the last one.
 *
 * @example
 * ```ts
 * queuePage(snapshot.queues, { ...DEFAULT_QUEUE_QUERY, sort: "total", sortReverse: true })
 *   .items[0]; // the deepest queue
 * ```
 */
export function queuePage(queues: readonly QueueSnapshot[], query: QueueQuery): QueuePage {
  const matches = nameMatcher(query);
  const direction = query.sortReverse ? -1 : 1;
  const filtered = queues.filter((q) => matches(q.name)).sort((a, b) => {
    const x = sortValue(a, query.sort), y = sortValue(b, query.sort);
    const order = typeof x === "number" && typeof y === "number"
      ? x - y
      : String(x).localeCompare(String(y));
    return order !== 0 ? order * direction : a.name.localeCompare(b.name);
  });
  const pageCount = Math.max(1, Math.ceil(filtered.length / query.pageSize));
  if (query.page > pageCount) {
    throw new QueueQueryError(
      `'page' ${query.page} is past the last page (${pageCount})`,
      pageCount,
    );
  }
  const items = filtered.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  return {
    items,
    filtered_count: filtered.length,
    item_count: items.length,
    total_count: queues.length,
    page: query.page,
    page_size: query.pageSize,
    page_count: pageCount,
  };
}
