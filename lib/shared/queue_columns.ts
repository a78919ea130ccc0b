/**
 * Which columns the overview's queue table shows, kept in the address as
 * `columns=ready,total,consumers` (the name is always shown). Browser-safe.
 */

/** The columns that can be hidden, in the table's order. */
export const QUEUE_COLUMNS = [
  "type",
  "features",
  "state",
  "ready",
  "unacked",
  "total",
  "publish",
  "deliver",
  "ack",
  "consumers",
] as const;

/** One of {@linkcode QUEUE_COLUMNS}. */
export type QueueColumn = typeof QUEUE_COLUMNS[number];

/**
 * The columns an address asks for: every column without `columns`, or when it names none that
 * exists (a stale link shows the whole table rather than a bare list of names).
 *
 * @example
 * ```ts
 * parseQueueColumns("total,consumers"); // ["total", "consumers"]
 * parseQueueColumns(undefined).length; // 10
 * ```
 */
export function parseQueueColumns(param: string | undefined): QueueColumn[] {
  if (param === undefined) return [...QUEUE_COLUMNS];
  const asked = new Set(param.split(","));
  const shown = QUEUE_COLUMNS.filter((c) => asked.has(c));
  return shown.length ? shown : [...QUEUE_COLUMNS];
}

/**
 * The `columns` parameter for a choice; undefined when every column is shown (the default).
 *
 * @example
 * ```ts
 * queueColumnsParam(["consumers", "total"]); // "total,consumers"
 * ```
 */
export function queueColumnsParam(columns: readonly QueueColumn[]): string | undefined {
  const shown = QUEUE_COLUMNS.filter((c) => columns.includes(c));
  return shown.length === QUEUE_COLUMNS.length ? undefined : shown.join(",");
}
