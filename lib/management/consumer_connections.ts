/**
 * The client-given names (`connection_name`) of a queue's consumers' connections, read one
 * connection at a time: a broker with thousands of connections is not listed whole for a queue
 * with a few consumers.
 */
// The shared types from their own file: lib/shared/mod.ts also brings in browser packages.
import type { ConnectionInfo, ConsumerDetail } from "../shared/management_types.ts";
import type { ManagementClient } from "./client.ts";

/** Connections read for one queue page at most; the consumers of others show no client name. */
export const MAX_CONSUMER_CONNECTIONS = 50;

/**
 * Each consumer connection's client-given name, by the broker's connection name ("" where the
 * client gave none, or the connection closed meanwhile).
 *
 * @example
 * ```ts
 * const names = await consumerClientNames(management, info.consumer_details ?? []);
 * names["127.0.0.1:50000 -> 127.0.0.1:5672"]; // "orders-worker"
 * ```
 */
export async function consumerClientNames(
  management: ManagementClient,
  consumers: readonly ConsumerDetail[],
): Promise<Record<string, string>> {
  const names = [...new Set(consumers.map((c) => c.channel_details.connection_name))]
    .slice(0, MAX_CONSUMER_CONNECTIONS);
  const read = await Promise.all(names.map(async (name) => {
    const connection = await management.request<ConnectionInfo>(
      "GET",
      `connections/${encodeURIComponent(name)}?columns=name,client_properties`,
    ).catch(() => undefined);
    return [name, connection?.client_properties?.connection_name ?? ""] as const;
  }));
  return Object.fromEntries(read);
}
