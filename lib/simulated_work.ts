/**
 * The work a consumer does with each message when no real handler is plugged in: optionally
 * wait (to model slow processing) and optionally fail (to drill retries and dead-lettering).
 */
import type { MessageHandler } from "./consumer.ts";

/** Options for {@linkcode simulatedWork}. */
export interface SimulatedWorkOptions {
  /** Milliseconds each message takes. */
  workMs: number;
  /** Share of attempts that fail, 0 to 1. */
  failRate: number;
  /** Source of randomness, replaceable in tests. */
  random?: () => number;
}

/**
 * A handler that takes `workMs` per message and throws for a `failRate` share of attempts.
 * With neither, it is synchronous, so the consumer's hot path has no await.
 *
 * @example
 * ```ts
 * const handler = simulatedWork({ workMs: 5, failRate: 0 });
 * await handler(message, envelope);
 * ```
 */
export function simulatedWork(options: SimulatedWorkOptions): MessageHandler {
  const { workMs, failRate } = options;
  const random = options.random ?? Math.random;
  const fail = () => {
    if (failRate > 0 && random() < failRate) throw new Error("simulated failure (--fail-rate)");
  };
  if (workMs <= 0) return fail;
  return () => new Promise((resolve) => setTimeout(resolve, workMs)).then(fail);
}
