/**
 * An AMQP URL pointed at a port that speaks HTTP (the management API's 15672, say) ends in a
 * bare "Connection ended": this asks the port itself, and names the AMQP port when the
 * management API answers with its listeners.
 */
import type { AmqpEndpoint } from "../config.ts";

/**
 * What to say when `endpoint` answers HTTP, or `undefined` when it does not (or cannot be
 * asked within `timeoutMs`).
 *
 * @example
 * ```ts
 * await httpPortProblem(parseAmqpUrl("amqp://guest:guest@localhost:15672"));
 * // "localhost:15672 answers HTTP, not AMQP: it is the management API's port; …"
 * ```
 */
export async function httpPortProblem(
  endpoint: AmqpEndpoint,
  timeoutMs = 2_000,
): Promise<string | undefined> {
  if (!endpoint.url.startsWith("amqp:")) return undefined;
  const host = endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host;
  let response: Response;
  try {
    response = await fetch(`http://${host}:${endpoint.port}/api/overview`, {
      headers: { authorization: "Basic " + btoa(`${endpoint.username}:${endpoint.password}`) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return undefined; // no HTTP answer: not an HTTP port
  }
  const overview = await response.json().catch(() => undefined) as
    | { listeners?: { protocol?: string; port?: number }[]; management_version?: string }
    | undefined;
  const where = `${endpoint.host}:${endpoint.port}`;
  const amqp = overview?.listeners?.find((l) => l.protocol === "amqp")?.port;
  const managementPort = overview?.management_version !== undefined || response.status === 401;
  const what = managementPort ? "it is the management API's port" : "it is a web server's port";
  const fix = amqp
    ? `the broker's AMQP port is ${amqp}: use amqp://${host}:${amqp}${pathOf(endpoint)}`
    : `give the AMQP port (5672 by default) in the URL`;
  return `${where} answers HTTP, not AMQP: ${what}; ${fix}`;
}

/** The vhost part of the URL as given ("" for the default vhost). */
function pathOf(endpoint: AmqpEndpoint): string {
  return endpoint.vhost === "/" ? "" : `/${encodeURIComponent(endpoint.vhost)}`;
}
