/**
 * RabbitMQ's stream protocol: a codec of our own (frames, AMQP 1.0 messages), a connection,
 * a deduplicating publisher and a credit-flow subscriber, and where the protocol listens.
 *
 * @module
 */
export * from "./frames.ts";
export * from "./amqp10_message.ts";
export * from "./stream_connection.ts";
export * from "./stream_publisher.ts";
export * from "./stream_subscriber.ts";
export * from "./stream_consume_run.ts";
export * from "./stream_envelope_reader.ts";
export * from "./stream_endpoint.ts";
