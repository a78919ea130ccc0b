/**
 * The work a consumer does with each message when no real handler is plugged in: optionally
 * wait (to model slow processing) and optionally fail (to drill retries and dead-lettering).
 */
import type { MessageHandler } from "./consumer.ts";
import { sleep } from "../_util/mod.ts";

/** Options for {@linkcode simulatedWork}. */
export interface SimulatedWorkOptions {
  /** Milliseconds each message takes. */
  workMs: number;
  /** Share of attempts that fail, 0 to 1. */
  failRate: number;
  /** Every attempt on a message whose body contains this text fails (a poison message). */
  failOn?: string;
  /** Source of randomness, replaceable in tests. */
  random?: () => number;
  /** What sets each failure, named in its reason (a script: its flags). */
  names?: { failRate: string; failOn: string };
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
  const { workMs, failRate, failOn } = options;
  const names = options.names ?? { failRate: "fail rate", failOn: "poison text" };
  const random = options.random ?? Math.random;
  const poison = failOn ? new TextEncoder().encode(failOn) : undefined;
  const fail: MessageHandler = (message) => {
    if (failRate > 0 && random() < failRate) {
      throw new Error(`simulated failure (${names.failRate})`);
    }
    if (poison && contains(message.body, poison)) {
      throw new Error(`poison message (${names.failOn})`);
    }
  };
  if (workMs <= 0) return fail;
  return (message, envelope) => sleep(workMs).then(() => fail(message, envelope));
}

/** Whether `haystack` holds the bytes of `needle`. */
function contains(haystack: Uint8Array | null, needle: Uint8Array): boolean {
  if (!haystack) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
