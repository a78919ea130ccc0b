/**
 * AMQP plumbing: a client that reads any frame, connecting with backoff and failover, a shared
 * reopened link, topology, byte-exact republishing, and broker errors in plain words.
 *
 * @module
 */
export * from "./safe_amqp_client.ts";
export * from "./connection.ts";
export * from "./failover_connector.ts";
export * from "./amqp_link.ts";
export * from "./topology.ts";
export * from "./broker_version.ts";
export * from "./queue_differences.ts";
export * from "./broker_errors.ts";
export * from "./raw_properties.ts";
export * from "./basic_properties.ts";
export { propertiesProblemOf } from "./delivery.ts";
export * from "./short_strings.ts";
export * from "./publish_frames.ts";
export { settleNacksCumulatively } from "./wire/mod.ts";
export * from "./raw_publish.ts";
