/**
 * The wall around `@cloudamqp/amqp-client`'s private parts: the only module that touches them.
 *
 * @module
 */
export * from "./client_internals.ts";
