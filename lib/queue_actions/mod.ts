/**
 * What an operator does to a queue's messages from the monitor: look at the first ones without
 * taking them, and consume them in the browser with an ack or a reject for each. And a cleanup:
 * the plan of what it would delete, who must agree, and carrying it out.
 *
 * @module
 */
export * from "./queue_peek.ts";
export * from "./browser_consumer.ts";
export * from "./cleanup_plan.ts";
export * from "./cleanup_run.ts";
export * from "./action_record.ts";
export * from "./bindings.ts";
export * from "./declare_queue.ts";
export * from "./declare_exchange.ts";
export * from "./close_connection.ts";
export * from "./redrive.ts";
export * from "./policies.ts";
export * from "./definitions.ts";
