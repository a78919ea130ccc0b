/**
 * The management API's client: typed reads (overview, queues a page at a time, exchanges,
 * connections, history), the writes the monitor and the scripts make, and a cached read for
 * what changes rarely.
 *
 * @module
 */
export * from "./client.ts";
export * from "./chart_history.ts";
export * from "./cached_read.ts";
export * from "./broker_state.ts";
export * from "./consumer_connections.ts";
export * from "./queue_limit.ts";
