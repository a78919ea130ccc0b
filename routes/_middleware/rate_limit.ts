/**
 * Per-client budgets over a sliding minute: how many messages or bytes one client may publish,
 * how many wrong tokens it may try. Kept in memory; a client is its remote address.
 */

/** Options for {@linkcode RateLimit}. */
export interface RateLimitOptions {
  /** Units allowed per client per window. */
  limit: number;
  /** The window, in ms (one minute by default). */
  windowMs?: number;
  /** The clock, replaceable in tests. */
  now?: () => number;
}

/**
 * Counts what each client used in the current window.
 *
 * @example
 * ```ts
 * const failures = new RateLimit({ limit: 5 });
 * failures.exhausted("10.0.0.1"); // false
 * failures.spend("10.0.0.1", 5);
 * failures.exhausted("10.0.0.1"); // true, for the rest of the minute
 * ```
 */
export class RateLimit {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  /** Per client: when its window started and what it used since. */
  readonly #used = new Map<string, { since: number; used: number }>();

  constructor(options: RateLimitOptions) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Whether `amount` more fits in the client's window (nothing is spent). */
  fits(client: string, amount = 1): boolean {
    return this.#entry(client).used + amount <= this.#limit;
  }

  /** Spends `amount` whether it fits or not (e.g. a failed login). */
  spend(client: string, amount = 1): void {
    this.#entry(client).used += amount;
  }

  /** Whether the client has used its whole budget. */
  exhausted(client: string): boolean {
    return this.#entry(client).used >= this.#limit;
  }

  /** Seconds until the client's window starts again. */
  retryAfterSeconds(client: string): number {
    const entry = this.#entry(client);
    return Math.max(1, Math.ceil((entry.since + this.#windowMs - this.#now()) / 1000));
  }

  #entry(client: string): { since: number; used: number } {
    const now = this.#now();
    let entry = this.#used.get(client);
    if (!entry || now - entry.since >= this.#windowMs) {
      entry = { since: now, used: 0 };
      this.#used.set(client, entry);
      if (this.#used.size > 10_000) this.#forgetOld(now);
    }
    return entry;
  }

  /** Keeps the table small when many clients came and went. */
  #forgetOld(now: number): void {
    for (const [client, entry] of this.#used) {
      if (now - entry.since >= this.#windowMs) this.#used.delete(client);
    }
  }
}
