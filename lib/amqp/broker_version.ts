/**
 * The broker's version, as it says in connection.start, and comparisons on it: what a flag
 * means depends on it (lazy queues since 3.12, classic queue storage v1 gone in 4.0, quorum
 * queues' delivery limit of 20 since 4.0).
 */
import type { AMQPClient } from "../deps.ts";
import { SafeAmqpClient } from "./safe_amqp_client.ts";

/** A RabbitMQ version. */
export interface BrokerVersion {
  major: number;
  minor: number;
  patch: number;
  /** As the broker wrote it (`4.3.6`, `3.10.8`). */
  text: string;
}

/**
 * Reads a version string such as `4.3.6` or `3.13.0-rc.1`; undefined when it is not one.
 *
 * @example
 * ```ts
 * parseBrokerVersion("4.3.6"); // { major: 4, minor: 3, patch: 6, text: "4.3.6" }
 * ```
 */
export function parseBrokerVersion(text: string | undefined): BrokerVersion | undefined {
  const m = text?.match(/^(\d+)\.(\d+)(?:\.(\d+))?/);
  if (!m || text === undefined) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), text };
}

/**
 * Whether `version` is `wanted` (`"3.12"`, `"4.0"`) or newer; false for an unknown version.
 *
 * @example
 * ```ts
 * versionAtLeast(parseBrokerVersion("3.13.7"), "3.12"); // true
 * ```
 */
export function versionAtLeast(version: BrokerVersion | undefined, wanted: string): boolean {
  const w = parseBrokerVersion(wanted);
  if (!version || !w) return false;
  if (version.major !== w.major) return version.major > w.major;
  if (version.minor !== w.minor) return version.minor > w.minor;
  return version.patch >= w.patch;
}

/**
 * The version of the broker a connection of ours is connected to (undefined for a plain
 * amqp-client connection, or a broker that does not say).
 *
 * @example
 * ```ts
 * brokerVersionOf(await Broker.connect(...).connection)?.text; // "4.3.6"
 * ```
 */
export function brokerVersionOf(conn: AMQPClient): BrokerVersion | undefined {
  return conn instanceof SafeAmqpClient ? parseBrokerVersion(conn.serverVersion) : undefined;
}
