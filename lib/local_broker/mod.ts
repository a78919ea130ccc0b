/**
 * RabbitMQ on this machine: finding or starting a broker, and private nodes and clusters for
 * tests and `deno task cluster`.
 *
 * @module
 */
export * from "./broker_process.ts";
export * from "./local_node.ts";
export * from "./local_cluster.ts";
export * from "./debian_root.ts";
export * from "./free_ports.ts";
export * from "./private_brokers.ts";
export * from "./broker_settings.ts";
