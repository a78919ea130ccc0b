/**
 * What the broker is doing, as snapshots: built from the management API (or AMQP when it is
 * away), polled once per interval for every viewer, narrowed to each viewer's view, and
 * rendered for Prometheus.
 *
 * @module
 */
export * from "./snapshot_builder.ts";
export * from "./snapshot_poller.ts";
export * from "./broker_snapshots.ts";
export * from "./prometheus.ts";
export * from "./all_vhost_queues.ts";
export * from "./broker_health.ts";
