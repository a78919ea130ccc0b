/**
 * Which failed attempts already have their copy on the broker (a retry, or the dead letter), so
 * that a second instance of the same attempt is settled without a second copy.
 *
 * Why: a consumer copies a failed message and then acks the original. When the connection drops
 * between the copy's confirm and the ack, the original comes again; so does a message its
 * publisher sent twice (a publish re-sent after a reconnect). Copying either again would put
 * the message twice into the dead-letter queue.
 */

/** Attempts remembered at most; the oldest are forgotten first. */
export const MAX_COPIES_REMEMBERED = 100_000;

/**
 * A bounded record of (message id, attempt) pairs whose copy was confirmed.
 *
 * @example
 * ```ts
 * const copies = new CopyRecord();
 * copies.add("order-9", 3);
 * copies.has("order-9", 3); // true
 * copies.has("order-9", 2); // false
 * ```
 */
export class CopyRecord {
  readonly #keys = new Set<string>();
  readonly #limit: number;

  /** A record of at most `limit` attempts. */
  constructor(limit = MAX_COPIES_REMEMBERED) {
    this.#limit = limit;
  }

  /** Whether attempt `attempt` of message `messageId` was copied; an absent id never was. */
  has(messageId: string | undefined, attempt: number): boolean {
    return !!messageId && this.#keys.has(keyOf(messageId, attempt));
  }

  /** Remembers that attempt `attempt` of `messageId` was copied (no-op without an id). */
  add(messageId: string | undefined, attempt: number): void {
    if (!messageId) return;
    this.#keys.add(keyOf(messageId, attempt));
    if (this.#keys.size > this.#limit) {
      this.#keys.delete(this.#keys.values().next().value!); // the oldest: a Set keeps insertion order
    }
  }
}

function keyOf(messageId: string, attempt: number): string {
  return `${attempt}\u0000${messageId}`;
}
