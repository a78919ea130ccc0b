/**
 * The monitor's sources: the management API client, the one snapshot poller, the live message
 * feed's taps, and the rules for what the monitor may write.
 *
 * @module
 */
export * from "./management.ts";
export * from "./snapshot_builder.ts";
export * from "./snapshot_poller.ts";
export * from "./broker_snapshots.ts";
export * from "./message_feed.ts";
export * from "./message_view.ts";
export * from "./queue_peek.ts";
export * from "./browser_consumer.ts";
export * from "./publish_request.ts";
export * from "./write_scope.ts";
export * from "./rate_limit.ts";
export * from "./prometheus.ts";
export * from "./chart_history.ts";
export * from "./cached_read.ts";
