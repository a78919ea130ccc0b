/**
 * Where a broker's stream protocol listens: given (`rabbitmq-stream://host:port`), or learned
 * from the management API's listeners (the `stream` protocol's port), on the host of the AMQP
 * URL, with its user, password and vhost. The listener's own address is not used: the broker
 * advertises `localhost`, which is only right for a client on the broker's machine.
 */
import type { AmqpEndpoint, ManagementEndpoint } from "../config.ts";
import { UserError } from "../errors.ts";
import { askManagement } from "../management/client.ts";
import type { StreamEndpoint } from "./stream_connection.ts";

/** The stream protocol's port, as RabbitMQ ships it. */
export const DEFAULT_STREAM_PORT = 5552;

/**
 * Reads a stream URL: `rabbitmq-stream://[user:password@]host[:port][/vhost]`; user, password
 * and vhost default to the AMQP endpoint's. Throws a `UserError` naming `flag`.
 *
 * @example
 * ```ts
 * parseStreamUrl("rabbitmq-stream://rabbit:5552", amqp, "--stream-url").port; // 5552
 * ```
 */
export function parseStreamUrl(raw: string, amqp: AmqpEndpoint, flag: string): StreamEndpoint {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    u = new URL("invalid:");
  }
  if (u.protocol !== "rabbitmq-stream:" || !u.hostname) {
    throw new UserError(
      `${flag} takes a URL such as rabbitmq-stream://localhost:5552 (got '${
        raw.replace(/:[^:@/]*@/, ":***@")
      }')`,
    );
  }
  const vhost = u.pathname.length > 1 ? decodeURIComponent(u.pathname.slice(1)) : amqp.vhost;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : DEFAULT_STREAM_PORT,
    username: u.username ? decodeURIComponent(u.username) : amqp.username,
    password: u.password ? decodeURIComponent(u.password) : amqp.password,
    vhost,
  };
}

/**
 * The stream endpoint of the broker at `amqp`: the stream listener's port from the management
 * API (on the node whose AMQP port is `amqp`'s, else the first); `undefined` when the API does
 * not answer within 2 s or lists no stream listener (the plugin is off).
 *
 * @example
 * ```ts
 * const endpoint = await learnStreamEndpoint(amqp, management); // { host, port: 5552, ... }
 * ```
 */
export async function learnStreamEndpoint(
  amqp: AmqpEndpoint,
  management: ManagementEndpoint,
): Promise<StreamEndpoint | undefined> {
  const listeners = await askManagement(
    management,
    async (api) => (await api.overview()).listeners,
  );
  if (!listeners) return undefined;
  const amqpNode = listeners.find((l) => l.protocol === "amqp" && l.port === amqp.port)?.node;
  const streams = listeners.filter((l) => l.protocol === "stream" && typeof l.port === "number");
  const chosen = streams.find((l) => l.node === amqpNode) ?? streams[0];
  if (!chosen) return undefined;
  return {
    host: amqp.host.replace(/^\[|\]$/g, ""),
    port: chosen.port!,
    username: amqp.username,
    password: amqp.password,
    vhost: amqp.vhost,
  };
}
