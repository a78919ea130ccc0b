/**
 * Adding and removing bindings through the management API: exchange to queue and exchange to
 * exchange, with a routing key and arguments (a headers exchange's `x-match` and values).
 */
import { HttpError } from "../errors.ts";
import type { ManagementClient } from "../management/mod.ts";

/** One binding, as `POST /api/bindings` takes it. */
export interface BindingSpec {
  /** The exchange messages come from (not the default exchange: it cannot be bound). */
  source: string;
  /** The queue or exchange they go to. */
  destination: string;
  destinationType: "queue" | "exchange";
  routingKey: string;
  arguments: Record<string, unknown>;
}

/** A binding as the management API lists it, with the key that names it for deletion. */
interface ListedBinding {
  routing_key: string;
  arguments?: Record<string, unknown>;
  properties_key: string;
}

/**
 * Adds the binding (the broker does nothing when it exists already). A missing source or
 * destination is a 404 naming it.
 *
 * @example
 * ```ts
 * await addBinding(management, {
 *   source: "orders", destination: "orders.eu", destinationType: "queue",
 *   routingKey: "eu.#", arguments: {},
 * });
 * ```
 */
export async function addBinding(management: ManagementClient, spec: BindingSpec): Promise<void> {
  await mustExist(management, spec);
  await management.request("POST", pathOf(management, spec), {
    routing_key: spec.routingKey,
    arguments: spec.arguments,
  });
}

/**
 * Removes the binding with this routing key and these arguments; false when there was none.
 *
 * @example
 * ```ts
 * await removeBinding(management, spec); // true: it was there and is gone
 * ```
 */
export async function removeBinding(
  management: ManagementClient,
  spec: BindingSpec,
): Promise<boolean> {
  await mustExist(management, spec);
  const listed = await management.request<ListedBinding[]>("GET", pathOf(management, spec));
  const match = listed.find((b) =>
    b.routing_key === spec.routingKey && sameArguments(b.arguments ?? {}, spec.arguments)
  );
  if (!match) return false;
  await management.request(
    "DELETE",
    `${pathOf(management, spec)}/${encodeURIComponent(match.properties_key)}`,
  );
  return true;
}

/** `bindings/VHOST/e/SOURCE/q/DESTINATION` (or `/e/` for an exchange). */
function pathOf(management: ManagementClient, spec: BindingSpec): string {
  const e = encodeURIComponent;
  const kind = spec.destinationType === "queue" ? "q" : "e";
  return `bindings/${e(management.vhost)}/e/${e(spec.source)}/${kind}/${e(spec.destination)}`;
}

/** A 404 naming whichever end does not exist (the management API's own 404 names neither). */
async function mustExist(management: ManagementClient, spec: BindingSpec): Promise<void> {
  const [source, destination] = await Promise.all([
    management.exchange(spec.source),
    spec.destinationType === "queue"
      ? management.queue(spec.destination)
      : management.exchange(spec.destination),
  ]);
  if (!source) throw new HttpError(404, `exchange '${spec.source}' does not exist`);
  if (!destination) {
    throw new HttpError(404, `${spec.destinationType} '${spec.destination}' does not exist`);
  }
}

/** Whether two argument tables hold the same keys and values (order aside). */
function sameArguments(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length &&
    keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}
