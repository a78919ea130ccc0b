/** Declaring and deleting an exchange through the management API. */
import { HttpError } from "../errors.ts";
import type { ManagementClient } from "../management/mod.ts";

/** An exchange to declare, as `PUT /api/exchanges/NAME` takes it. */
export interface ExchangeDeclaration {
  name: string;
  type: "direct" | "fanout" | "topic" | "headers";
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  /** Where messages that route nowhere go (`alternate-exchange`). */
  alternateExchange?: string;
}

/**
 * Declares the exchange; an existing one declared differently is the broker's 400.
 *
 * @example
 * ```ts
 * await declareExchange(management, {
 *   name: "events", type: "topic", durable: true, autoDelete: false, internal: false,
 * });
 * ```
 */
export async function declareExchange(
  management: ManagementClient,
  exchange: ExchangeDeclaration,
): Promise<void> {
  const e = encodeURIComponent;
  await management.request("PUT", `exchanges/${e(management.vhost)}/${e(exchange.name)}`, {
    type: exchange.type,
    durable: exchange.durable,
    auto_delete: exchange.autoDelete,
    internal: exchange.internal,
    arguments: exchange.alternateExchange
      ? { "alternate-exchange": exchange.alternateExchange }
      : {},
  });
}

/**
 * Deletes the exchange (its bindings go with it); a missing one is a 404. The default
 * exchange and `amq.*` are the broker's own and are refused.
 *
 * @example
 * ```ts
 * await deleteExchangeNamed(management, "events");
 * ```
 */
export async function deleteExchangeNamed(
  management: ManagementClient,
  name: string,
): Promise<void> {
  if (name === "" || name.startsWith("amq.")) {
    throw new HttpError(403, `exchange '${name}' is the broker's own and cannot be deleted`);
  }
  if (!await management.deleteExchange(name)) {
    throw new HttpError(404, `exchange '${name}' does not exist`);
  }
}
