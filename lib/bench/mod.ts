/**
 * The stress run: a fleet of publishing and consuming connections, timestamps in the body, and
 * the verification that nothing was lost.
 *
 * @module
 */
export * from "./bench_run.ts";
export * from "./bench_message.ts";
