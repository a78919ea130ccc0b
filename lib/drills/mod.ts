/**
 * Drills: end-to-end runs that prove the delivery guarantees and end in a verdict. Reliability
 * (durable messages with no consumer, then consumed exactly once), restart (a private node
 * crashed and restarted around and during the run), stress (the 1,000,000-message run) and
 * failover (a quorum queue's leader killed on a private cluster).
 *
 * @module
 */
export * from "./drill_report.ts";
export * from "./drill_settings.ts";
export * from "./seq_tally.ts";
export * from "./reliability_drill.ts";
export * from "./restart_drill.ts";
export * from "./stress_drill.ts";
export * from "./failover_drill.ts";
