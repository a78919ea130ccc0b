/**
 * The connection flag group: where the broker is (`--url`, `--host`), where its management API
 * is (`--management-url`, `--username`, `--password` or MANAGEMENT_PASSWORD) and how long to
 * keep trying (`--connect-timeout`, `--reconnect-timeout`). Every script takes its connection flags from
 * here and gets them back resolved: parsed AMQP endpoints and a management endpoint, so no
 * script parses a URL again.
 *
 * One URL rule for both protocols: a broker's management API listens on its AMQP port + 10,000
 * (5672 -> 15672, 5671 -> 15671 over https, 5682 -> 15682), on the same host, unless
 * `--management-url` (or MANAGEMENT_URL) says otherwise.
 */
import { type Command, Option } from "commander";
import {
  type AmqpEndpoint,
  DEFAULT_AMQP_URL,
  env,
  type ManagementEndpoint,
  managementEndpoint,
  parseAmqpUrls,
} from "../../lib/config.ts";
import { UserError } from "../../lib/errors.ts";
import { integer } from "./flags.ts";
import { readTlsFiles, type TlsFlagValues } from "./tls_files.ts";

const HEADING = "Connection:";
/** Seconds to keep retrying an unreachable broker, and to reconnect after a drop. */
const CONNECT_TIMEOUT_SECONDS = 30;
const RECONNECT_TIMEOUT_SECONDS = 60;
/**
 * Where `--password` is read from when it is not typed: a password on the command line shows
 * in `ps` to every user of the machine, one in the environment does not.
 */
export const PASSWORD_ENV = "MANAGEMENT_PASSWORD";
/** How far above the AMQP port the management API listens, by RabbitMQ's convention. */
const MANAGEMENT_PORT_OFFSET = 10_000;

/** What `--host` stands for: the AMQP host (produce, consume, replay) or the management API's (status, as in the pika tutorials' monitor). */
export type HostMeaning = "amqp" | "management";

/** Which connection flags a script takes. */
export interface ConnectionFlagOptions {
  /** `--management-url` (default true): false for a script that never asks the management API. */
  management?: boolean;
  /** `--host` and what its port means; absent: no `--host` (the monitor's is its listen address). */
  host?: HostMeaning;
  /** `--username` and `--password` for the management API. */
  credentials?: boolean;
  /** `--connect-timeout` and `--reconnect-timeout`. */
  timeouts?: boolean;
}

/** The connection flags as commander parsed them. */
export interface ConnectionFlagValues extends TlsFlagValues {
  url: string;
  host?: string;
  managementUrl?: string;
  username?: string;
  password?: string;
  connectTimeout?: number;
  reconnectTimeout?: number;
}

/** The broker these flags name, resolved once. */
export interface BrokerConnection {
  /** The AMQP endpoints (one, or a cluster's nodes, tried in order). */
  amqp: AmqpEndpoint[];
  /** The management API: base URLs, credentials and vhost. */
  management: ManagementEndpoint;
  /** The flags that carried the management API's credentials, for a refusal to name. */
  credentialFlags: string;
  /** Seconds to keep retrying an unreachable broker, and to reconnect after a drop. */
  connectTimeout: number;
  reconnectTimeout: number;
}

/**
 * Adds the connection flags to a command.
 *
 * @example
 * ```ts
 * addConnectionFlags(command("produce", "…"), { host: "amqp", timeouts: true });
 * ```
 */
export function addConnectionFlags(program: Command, options: ConnectionFlagOptions): Command {
  const flags = [
    new Option(
      "--url <urls>",
      "AMQP URL of the broker (user, password, vhost), or a comma-separated list of a cluster's nodes",
    )
      .env("AMQP_URL").default(DEFAULT_AMQP_URL),
    ...hostFlag(options.host),
    ...(options.management === false ? [] : [
      // MANAGEMENT_URL is read in resolveConnection: a --host typed on the command line must
      // outrank it, and commander would give the two the same standing.
      new Option(
        "--management-url <urls>",
        "management API base URL, or a comma-separated list (one per cluster node) (default: MANAGEMENT_URL, else the host of --url on its AMQP port + 10000: http://localhost:15672)",
      ),
    ]),
    ...(options.credentials
      ? [
        new Option("--username <name>", "management API user (default: the user of --url)"),
        new Option(
          "--password <password>",
          "management API password, better from the environment: a typed one shows in ps (default: that of --url)",
        ).env(PASSWORD_ENV),
      ]
      : []),
    ...(options.timeouts
      ? [
        new Option("--connect-timeout <seconds>", "keep retrying an unreachable broker this long")
          .argParser(integer({ min: 0, max: 3600 })).default(CONNECT_TIMEOUT_SECONDS),
        new Option(
          "--reconnect-timeout <seconds>",
          "after a dropped connection, keep reconnecting this long (then give up)",
        ).argParser(integer({ min: 0, max: 3600 })).default(RECONNECT_TIMEOUT_SECONDS),
      ]
      : []),
    new Option(
      "--ca <file>",
      "amqps/https: trust this CA (PEM) besides the system's, as a private CA needs (default: none)",
    ).env("AMQP_CA_FILE"),
    new Option(
      "--cert <file>",
      "amqps/https: show this client certificate (PEM), for brokers that ask for one (mutual TLS) (default: none)",
    ).env("AMQP_CERT_FILE"),
    new Option("--key <file>", "the private key (PEM) of --cert (default: none)")
      .env("AMQP_KEY_FILE"),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup(HEADING));
  return program;
}

function hostFlag(meaning: HostMeaning | undefined): Option[] {
  if (meaning === "amqp") {
    return [
      new Option(
        "--host <host[:port]>",
        "broker host, as in the pika tutorials: replaces the host (and, given one, the port) of --url (default: that of --url)",
      ),
    ];
  }
  if (meaning === "management") {
    return [
      new Option(
        "--host <host[:port]>",
        "broker host, as in the pika tutorials' monitor: host[:management port] or a management URL; the AMQP port follows (port - 10000) (default: that of --url)",
      ),
    ];
  }
  return [];
}

/**
 * Resolves the connection flags: `--host` applied, every URL parsed once, the management API
 * found by the one URL rule when no `--management-url` names it. Throws a `UserError` naming
 * the flag on a bad value.
 *
 * @example
 * ```ts
 * const broker = resolveConnection({ url: "amqp://u:p@rabbit:5682/v" });
 * broker.management.baseUrls; // ["http://rabbit:15682"]
 * ```
 */
export function resolveConnection(
  flags: ConnectionFlagValues,
  meaning: HostMeaning = "amqp",
): BrokerConnection {
  const host = flags.host === undefined ? undefined : readHost(flags.host, meaning);
  const url = host === undefined ? flags.url : withHost(flags.url, host.hostname, host.amqpPort);
  const amqp = parseAmqpUrls(url, host ? "--url (with --host)" : "--url");
  const tls = readTlsFiles(flags);
  if (tls) { for (const endpoint of amqp) endpoint.tls = tls; }
  const { url: managementUrls, flag: managementFlag } = managementUrlOf(flags, host, amqp);
  const management = managementEndpoint(amqp[0], managementUrls, managementFlag);
  if (flags.username !== undefined) management.username = flags.username;
  if (flags.password !== undefined) management.password = flags.password;
  const ownCredentials = flags.username !== undefined || flags.password !== undefined;
  return {
    amqp,
    management,
    credentialFlags: ownCredentials
      ? `--username / --password (or ${PASSWORD_ENV})`
      : "--url / AMQP_URL",
    connectTimeout: flags.connectTimeout ?? CONNECT_TIMEOUT_SECONDS,
    reconnectTimeout: flags.reconnectTimeout ?? RECONNECT_TIMEOUT_SECONDS,
  };
}

/**
 * Where the management API is, and the flag that said so: `--management-url`, else a `--host`
 * (typed, so it outranks the environment), else MANAGEMENT_URL, else the one URL rule. An empty
 * MANAGEMENT_URL is as good as none.
 */
function managementUrlOf(
  flags: ConnectionFlagValues,
  host: HostValue | undefined,
  amqp: AmqpEndpoint[],
): { url: string; flag: string } {
  if (flags.managementUrl !== undefined) {
    return { url: flags.managementUrl, flag: "--management-url" };
  }
  if (host?.managementUrl) return { url: host.managementUrl, flag: "--host" };
  if (host === undefined) {
    const fromEnv = env("MANAGEMENT_URL")?.trim();
    if (fromEnv) return { url: fromEnv, flag: "MANAGEMENT_URL" };
  }
  return { url: amqp.map(managementUrlFor).join(","), flag: "--url" };
}

/**
 * The management API of the broker at this AMQP endpoint, by the one URL rule: the same host,
 * the AMQP port + 10000, https where the AMQP URL is amqps.
 *
 * @example
 * ```ts
 * managementUrlFor(parseAmqpUrl("amqp://rabbit.lan")); // "http://rabbit.lan:15672"
 * managementUrlFor(parseAmqpUrl("amqps://rabbit.lan")); // "https://rabbit.lan:15671"
 * ```
 */
export function managementUrlFor(amqp: AmqpEndpoint): string {
  const scheme = new URL(amqp.url).protocol === "amqps:" ? "https" : "http";
  const host = amqp.host.includes(":") && !amqp.host.startsWith("[") ? `[${amqp.host}]` : amqp.host;
  return `${scheme}://${host}:${managementPortFor(amqp.port)}`;
}

function managementPortFor(amqpPort: number): number {
  const port = amqpPort + MANAGEMENT_PORT_OFFSET;
  return port <= 65_535 ? port : 15_672;
}

/** A `--host` value read: the host, and what its port says of each protocol. */
interface HostValue {
  hostname: string;
  amqpPort?: number;
  managementUrl?: string;
}

function readHost(value: string, meaning: HostMeaning): HostValue {
  if (meaning === "management" && value.includes("://")) {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new UserError(`--host must be a host name, host:port or a URL (got '${value}')`);
    }
    const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
    return { hostname: u.hostname, amqpPort: amqpPortFor(port), managementUrl: value };
  }
  const { hostname, port } = hostAndPort(value);
  if (meaning === "amqp") return { hostname, amqpPort: port };
  const managementPort = port ?? 15_672;
  return {
    hostname,
    amqpPort: amqpPortFor(managementPort),
    managementUrl: `http://${hostname}:${managementPort}`,
  };
}

/** The AMQP port beside a management port (the rule read backwards), or the default. */
function amqpPortFor(managementPort: number): number | undefined {
  const port = managementPort - MANAGEMENT_PORT_OFFSET;
  return port >= 1 && managementPort !== 15_672 ? port : undefined;
}

/**
 * `url` (one URL or a comma-separated list) with another host, and port where one is given.
 *
 * @example
 * ```ts
 * withHost("amqp://guest:guest@localhost:5672", "rabbit.lan"); // "amqp://guest:guest@rabbit.lan:5672"
 * ```
 */
export function withHost(url: string, hostname: string, port?: number): string {
  return url.split(",").map((one) => {
    let u: URL;
    try {
      u = new URL(one.trim());
    } catch {
      return one; // parseAmqpUrls explains it, naming --url
    }
    u.hostname = hostname;
    if (port !== undefined) u.port = String(port);
    return u.href.replace(/\/$/, "");
  }).join(",");
}

/**
 * Reads a `--host` value: `host`, `host:port` or `[v6]:port` (the port kept where given).
 *
 * @example
 * ```ts
 * hostAndPort("127.0.0.1:5699"); // { hostname: "127.0.0.1", port: 5699 }
 * hostAndPort("[::1]"); // { hostname: "[::1]", port: undefined }
 * ```
 */
export function hostAndPort(host: string): { hostname: string; port?: number } {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+)(?::(\d{1,5}))?$/.exec(host);
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match || (port !== undefined && (port < 1 || port > 65_535))) {
    throw new UserError(
      `--host takes a host name, host:port or [v6]:port, such as localhost:5672 (got '${host}'); give a whole URL with --url`,
      { exitCode: 2 },
    );
  }
  return { hostname: match[1], port };
}
