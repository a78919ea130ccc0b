/**
 * The produce/consume engine: the envelope every message carries, the publisher with confirms,
 * the consumer with acks, retries and dead-lettering, duplicate tracking and latency figures.
 *
 * @module
 */
export * from "./message_types.ts";
export * from "./envelope.ts";
export * from "./envelope_template.ts";
export * from "./envelope_reader.ts";
export * from "./sender_tally.ts";
export * from "./run_message_id.ts";
export * from "./publisher.ts";
export * from "./parallel_publish.ts";
export * from "./consumer.ts";
export * from "./retry_history.ts";
export * from "./duplicates.ts";
export * from "./stats.ts";
export * from "./simulated_work.ts";
export * from "./stream_offset.ts";
export * from "./replay_run.ts";
