/**
 * The library face for a service: a broker connection that comes back by itself, topology in
 * the program's own shapes, a publisher whose send resolves on the broker's confirm, and a
 * consumer of typed bodies that runs until stopped, with retries and dead letters.
 *
 * @module
 */
export * from "./messaging_error.ts";
export * from "./connection_keeper.ts";
export * from "./declarations.ts";
export * from "./message_body.ts";
export * from "./publisher.ts";
export * from "./subscription.ts";
export * from "./broker.ts";
