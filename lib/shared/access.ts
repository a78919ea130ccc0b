/**
 * What the monitor's write scope lets a page offer, decided by the server when it renders the
 * page: actions it would refuse are shown disabled with the reason, or not at all. The server
 * stays the authority: every route still refuses on its own.
 */

/** Where a page may publish. */
export interface PublishAccess {
  /** Every write is off. */
  readOnly: boolean;
  /** The exchanges the monitor may publish to ("" is the default exchange). */
  exchanges: string[];
}

/** What a page may do to one queue. */
export interface QueueAccess {
  /** Why purge, move, delete, get and consume are refused (the server's words); absent: allowed. */
  refused?: string;
  /** A stream: it cannot be purged, moved or read from its head (only from an offset). */
  stream: boolean;
}

/**
 * Why a publish to `exchange` would be refused, or undefined when it is allowed.
 *
 * @example
 * ```ts
 * publishBlocked({ readOnly: false, exchanges: ["orders"] }, "logs");
 * // "exchange 'logs' is outside this monitor's write scope (it may publish to 'orders')"
 * ```
 */
export function publishBlocked(access: PublishAccess, exchange: string): string | undefined {
  if (access.readOnly) return "this monitor is read-only: it publishes nothing";
  if (access.exchanges.includes(exchange)) return undefined;
  const name = exchange === "" ? "the default exchange ('')" : `exchange '${exchange}'`;
  const allowed = access.exchanges.map((x) => `'${x}'`).join(", ") || "none";
  return `${name} is outside this monitor's write scope (it may publish to ${allowed})`;
}
