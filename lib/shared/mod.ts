/**
 * What the monitor's server and its islands share: the snapshot, the feed's messages, the
 * management API's shapes, number formatting and the page's live snapshot. Browser-safe: it
 * imports nothing server-side.
 *
 * @module
 */
export * from "./snapshot.ts";
export * from "./feed.ts";
export * from "./management_types.ts";
export * from "./format.ts";
export * from "./live.ts";
export * from "./queue_query.ts";
export * from "./exchange_rows.ts";
export * from "./access.ts";
export * from "./queue_features.ts";
export * from "./snapshot_view.ts";
export * from "./chart_points.ts";
export * from "./terminal_text.ts";
export * from "./queue_details.ts";
export * from "./queue_columns.ts";
export * from "./chart_ranges.ts";
