/**
 * The live message feed: taps that copy what an exchange routes into short-lived queues, and
 * the one way a delivered message is shown (envelope, properties, headers with their exact
 * AMQP types, body).
 *
 * @module
 */
export * from "./message_feed.ts";
export * from "./message_view.ts";
