/**
 * The wall around `@cloudamqp/amqp-client`'s private parts (the only module that touches them),
 * and the one table of AMQP 0-9-1's numbers the toolkit's codec uses.
 *
 * @module
 */
export * from "./client_internals.ts";
export * from "./amqp_constants.ts";
