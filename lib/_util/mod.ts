/**
 * Small helpers lib/ shares with itself and the scripts: nothing here knows about RabbitMQ.
 *
 * @module
 */
export * from "./sleep.ts";
export * from "./message_of.ts";
export * from "./suggest.ts";
