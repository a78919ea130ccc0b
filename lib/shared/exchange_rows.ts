/**
 * Exchanges as the monitor lists them: each with its bindings counted both ways and its publish
 * rates. Browser-safe: no imports but types.
 */
import type { BindingInfo, ExchangeInfo } from "./management_types.ts";

/** The name the management API and its UI give the default exchange (whose real name is ""). */
export const DEFAULT_EXCHANGE_NAME = "amq.default";

/** One exchange in the list. */
export interface ExchangeRow {
  name: string;
  type: string;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  /** Bindings from it to queues and exchanges. */
  bindingsOut: number;
  /** Bindings from other exchanges to it. */
  bindingsIn: number;
  /** Messages per second published into it, and routed out of it. */
  publishIn: number;
  publishOut: number;
}

/**
 * The list's rows, by name (the default exchange first, under {@linkcode DEFAULT_EXCHANGE_NAME}).
 *
 * @example
 * ```ts
 * exchangeRows([{ name: "orders", vhost: "/", type: "direct", durable: true }],
 *   [{ source: "orders", destination: "q", destination_type: "queue", routing_key: "k" }])[0]
 *   .bindingsOut; // 1
 * ```
 */
export function exchangeRows(exchanges: ExchangeInfo[], bindings: BindingInfo[]): ExchangeRow[] {
  const out = new Map<string, number>(), into = new Map<string, number>();
  for (const b of bindings) {
    out.set(b.source, (out.get(b.source) ?? 0) + 1);
    if (b.destination_type === "exchange") {
      into.set(b.destination, (into.get(b.destination) ?? 0) + 1);
    }
  }
  return exchanges.map((x) => ({
    name: x.name === "" ? DEFAULT_EXCHANGE_NAME : x.name,
    type: x.type,
    durable: x.durable,
    autoDelete: x.auto_delete ?? false,
    internal: x.internal ?? false,
    bindingsOut: out.get(x.name) ?? 0,
    bindingsIn: into.get(x.name) ?? 0,
    publishIn: x.message_stats?.publish_in_details?.rate ?? 0,
    publishOut: x.message_stats?.publish_out_details?.rate ?? 0,
  })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * An exchange's real name from the name a page shows ("amq.default" is "").
 *
 * @example
 * ```ts
 * realExchangeName("amq.default"); // ""
 * ```
 */
export function realExchangeName(shown: string): string {
  return shown === DEFAULT_EXCHANGE_NAME ? "" : shown;
}
