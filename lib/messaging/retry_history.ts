/**
 * The retry history a message carries in a header of our own, `x-retry-history`: one entry per
 * failed attempt that was retried (attempt, delay, where it waited, when, and why it failed).
 *
 * Why not the broker's `x-death`: since RabbitMQ 3.13 `x-death` belongs to the broker, and a
 * copy we publish starts a fresh one, so on 4.x a dead-lettered message lists only its last
 * delay queue. Our own header travels with every copy on every version.
 */

/** Header holding the history, as a JSON array of {@linkcode RetryEntry} (a string header). */
export const RETRY_HISTORY_HEADER = "x-retry-history";

/** One failed attempt that was retried. */
export interface RetryEntry {
  /** 1 for the first retry. */
  attempt: number;
  /** How long the retry waited in its delay queue (0: straight back to the queue). */
  delay_ms: number;
  /** The queue the retry went to (a delay queue, or the queue itself). */
  queue: string;
  /** When the attempt failed (ISO 8601). */
  at: string;
  /** What the handler threw, cut to {@linkcode MAX_ERROR_CHARS} characters. */
  error: string;
}

/** Entries kept: the latest, so a message retried without end keeps a bounded header. */
export const MAX_RETRY_ENTRIES = 20;
const MAX_ERROR_CHARS = 200;

/**
 * The history in a header value, or `[]` when it is absent or not ours.
 *
 * @example
 * ```ts
 * readRetryHistory('[{"attempt":1,"delay_ms":300,"queue":"q.retry.300","at":"…","error":"boom"}]');
 * // [{ attempt: 1, delay_ms: 300, queue: "q.retry.300", at: "…", error: "boom" }]
 * ```
 */
export function readRetryHistory(value: unknown): RetryEntry[] {
  if (typeof value !== "string") return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/**
 * The header value with one more entry (the oldest dropped past {@linkcode MAX_RETRY_ENTRIES}).
 *
 * @example
 * ```ts
 * appendRetry(undefined, { attempt: 1, delayMs: 300, queue: "q.retry.300", error: "boom" });
 * // '[{"attempt":1,"delay_ms":300,"queue":"q.retry.300","at":"2026-…Z","error":"boom"}]'
 * ```
 */
export function appendRetry(
  previous: unknown,
  entry: { attempt: number; delayMs: number; queue: string; error: string; at?: Date },
): string {
  const history = readRetryHistory(previous);
  history.push({
    attempt: entry.attempt,
    delay_ms: entry.delayMs,
    queue: entry.queue,
    at: (entry.at ?? new Date()).toISOString(),
    error: entry.error.slice(0, MAX_ERROR_CHARS),
  });
  return JSON.stringify(history.slice(-MAX_RETRY_ENTRIES));
}

function isEntry(value: unknown): value is RetryEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.attempt === "number" && typeof entry.delay_ms === "number" &&
    typeof entry.queue === "string" && typeof entry.at === "string" &&
    typeof entry.error === "string";
}
