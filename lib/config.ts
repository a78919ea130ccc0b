/**
 * Defaults and connection settings shared by every script: broker URLs, credentials and the
 * names of the default topology. Values come from flags first, then the environment.
 */
import { UserError } from "./errors.ts";

/** Where the broker and its management API are looked for when nothing else is said. */
export const DEFAULT_AMQP_URL = "amqp://guest:guest@localhost:5672";
/** Default management HTTP API base URL. */
export const DEFAULT_MANAGEMENT_URL = "http://localhost:15672";

/** Names and shapes of the default topology. */
export const TOPOLOGY_DEFAULTS = {
  exchange: "direct.exchange",
  exchangeType: "direct",
  routingKey: "work",
  queue: "work.queue",
  auditQueue: "audit.queue",
} as const;

/** Names of the topology `deno task start` runs its demo in. */
export const DEMO_TOPOLOGY = {
  exchange: "demo.exchange",
  queue: "demo.queue",
  auditQueue: "demo.audit",
} as const;

/** Names of the monitor's own feed tap queues start with this; snapshots leave them out. */
export const FEED_QUEUE_PREFIX = "monitor.feed.";

/**
 * TLS trust and identity for `amqps://` and `https://` (PEM text): without it the system's CAs
 * are trusted and no client certificate is shown. Verification is never skipped.
 */
export interface TlsSettings {
  /** CAs to trust besides the system's (a private CA). */
  caCerts?: string[];
  /** A client certificate chain, for brokers that ask for one (mutual TLS). */
  cert?: string;
  /** The client certificate's private key. */
  key?: string;
}

/** The parts of an AMQP URL that other modules need. */
export interface AmqpEndpoint {
  /** The URL without user and password (they are kept apart, in the fields below). */
  url: string;
  /** Host name or address. */
  host: string;
  /** AMQP port (5672 unless the URL says otherwise). */
  port: number;
  /** Virtual host ("/" unless the URL names one). */
  vhost: string;
  /** User to log in as. */
  username: string;
  /** That user's password (never put back into a URL string). */
  password: string;
  /** The URL without its password, safe to print. */
  display: string;
  /** For `amqps://`: a private CA, a client certificate. */
  tls?: TlsSettings;
}

/**
 * The same broker endpoint in another virtual host.
 *
 * @example
 * ```ts
 * inVhost(parseAmqpUrl("amqp://u:p@h/"), "orders").url; // "amqp://h/orders"
 * ```
 */
export function inVhost(endpoint: AmqpEndpoint, vhost: string): AmqpEndpoint {
  const swap = (href: string) => {
    const u = new URL(href);
    u.pathname = `/${encodeURIComponent(vhost)}`;
    return u.href;
  };
  return { ...endpoint, vhost, url: swap(endpoint.url), display: swap(endpoint.display) };
}

/**
 * Parses and checks an AMQP URL, failing with a message that names the flag.
 *
 * @example
 * ```ts
 * const ep = parseAmqpUrl("amqp://guest:guest@localhost:5672/%2F");
 * ep.vhost; // "/"
 * ```
 */
export function parseAmqpUrl(raw: string, flag = "the AMQP URL"): AmqpEndpoint {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError(
      `${flag} must be a URL like amqp://user:password@host:5672/vhost (got '${
        withoutPassword(raw)
      }')`,
    );
  }
  if (u.protocol !== "amqp:" && u.protocol !== "amqps:") {
    throw new UserError(
      `${flag} must start with amqp:// or amqps:// (got '${withoutPassword(raw)}')`,
    );
  }
  if (!u.hostname) {
    throw new UserError(`${flag} has no host name (got '${withoutPassword(raw)}')`);
  }
  // The AMQP client would skip certificate verification for it, silently.
  if (u.searchParams.has("insecure")) {
    throw new UserError(
      `${flag}: ?insecure would skip verifying the broker's certificate, which this toolkit never does; trust the CA that signed it instead`,
    );
  }
  const port = u.port ? Number(u.port) : u.protocol === "amqps:" ? 5671 : 5672;
  const vhost = decodeURIComponent(u.pathname.slice(1)) || "/";
  const username = decodeURIComponent(u.username) || "guest";
  const password = decodeURIComponent(u.password) || "guest";
  const shown = new URL(u.href);
  if (shown.password) shown.password = "***";
  const bare = new URL(u.href);
  bare.username = "";
  bare.password = "";
  return { url: bare.href, host: u.hostname, port, vhost, username, password, display: shown.href };
}

/**
 * Parses a comma-separated list of AMQP URLs (the nodes of a cluster, tried in order); each is
 * checked like {@linkcode parseAmqpUrl}.
 *
 * @example
 * ```ts
 * parseAmqpUrls("amqp://localhost:5673,amqp://localhost:5674").map((e) => e.port); // [5673, 5674]
 * ```
 */
export function parseAmqpUrls(raw: string, flag = "the AMQP URL"): AmqpEndpoint[] {
  const urls = raw.split(",").map((part) => part.trim());
  if (urls.some((url) => url === "")) {
    throw new UserError(
      `${flag} takes one AMQP URL or a comma-separated list of them, without empty entries (got '${
        withoutPassword(raw)
      }')`,
    );
  }
  return urls.map((url) => parseAmqpUrl(url, flag));
}

/** How to reach the management HTTP API. */
export interface ManagementEndpoint {
  /** One base URL, or one per cluster node: tried in order while one does not answer. */
  baseUrls: string[];
  /** User to log in as (the AMQP URL's, unless the management URL names one). */
  username: string;
  /** That user's password. */
  password: string;
  /** The virtual host whose queues and connections are asked for. */
  vhost: string;
  /** For `https://`: a private CA, a client certificate. */
  tls?: TlsSettings;
}

/**
 * The management API endpoint for a broker: the base URLs (comma-separated, one per node of a
 * cluster) from `--management-url` or `MANAGEMENT_URL`, the credentials and vhost from the
 * AMQP URL.
 *
 * @example
 * ```ts
 * const m = managementEndpoint(parseAmqpUrl("amqp://u:p@h/v"), "http://h:15672");
 * m.username; // "u"
 * ```
 */
export function managementEndpoint(
  amqp: AmqpEndpoint,
  baseUrls: string,
  flag = "the management URL",
): ManagementEndpoint {
  // Credentials in a management URL are taken out of it at once, so no message, page or
  // stream that shows the URL can carry the password.
  let credentials: { username: string; password: string } | undefined;
  const urls = baseUrls.split(",").map((raw) => {
    let u: URL;
    try {
      u = new URL(raw.trim());
    } catch {
      throw new UserError(
        `${flag} must be a URL like http://localhost:15672, or a comma-separated list of them (got '${
          withoutPassword(baseUrls)
        }')`,
      );
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") {
      throw new UserError(
        `${flag} must start with http:// or https:// (got '${withoutPassword(raw.trim())}')`,
      );
    }
    if (u.username || u.password) {
      credentials ??= {
        username: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
      };
      u.username = "";
      u.password = "";
    }
    return u.href.replace(/\/+$/, "");
  });
  return {
    baseUrls: urls,
    username: credentials?.username ?? amqp.username,
    password: credentials?.password ?? amqp.password,
    vhost: amqp.vhost,
    ...(amqp.tls ? { tls: amqp.tls } : {}),
  };
}

/** `text` with the password of any `scheme://user:password@` in it replaced by `***`. */
function withoutPassword(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*:)[^@\s]*@/g, "$1***@");
}

/** Reads an environment variable, or `undefined` where it is unset or not permitted. */
export function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
