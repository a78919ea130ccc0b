/**
 * `deno task monitor`: serves the live web monitor (overview, queue pages with chart and
 * message feed, connections, a publish form).
 */
import { Option } from "commander";
import {
  brokerSnapshots,
  type BrowserConsumer,
  CachedRead,
  MessageFeed,
  RateLimit,
  WriteScope,
} from "../lib/monitor/mod.ts";
import { type AmqpEndpoint, inVhost, TOPOLOGY_DEFAULTS } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import { exchangeRows, type Thresholds } from "../lib/shared/mod.ts";
import { loadClientBundle } from "../lib/web/mod.ts";
import type { MonitorContext, VhostSources } from "../routes/_context.ts";
import { VhostContexts } from "../routes/_vhosts.ts";
import { allowedHosts } from "../routes/_middleware/host_allow_list.ts";
import { createApp } from "../routes/mod.ts";
import { PUBLISH_RATE } from "../routes/api/publish.ts";
import { MIN_TOKEN_LENGTH } from "../routes/_middleware/token_auth.ts";
import {
  addDepthOptions,
  asFlagError,
  command,
  integer,
  parseFlags,
  runCli,
  thresholdsOf,
} from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { CLI_MANAGEMENT_HINTS } from "./_cli/hints.ts";

/** Parsed flags of `monitor`. */
export interface MonitorFlags extends Omit<ConnectionFlagValues, "host"> {
  /** The broker `--url` and `--management-url` name. */
  broker: BrokerConnection;
  /** The address to listen on. */
  host: string;
  port: number;
  interval: number;
  token?: string;
  allowedHost: string[];
  publishExchange: string[];
  exchange: string;
  routingKey: string;
  readOnly: boolean;
  warnDepth: number;
  criticalDepth: number;
}

/** Builds the `monitor` command line. */
export function monitorCommand() {
  const program = command("monitor", "Serve the live web monitor.");
  addConnectionFlags(program, { credentials: true });
  const collect = (name: string, names: string[]) => [...names, name];
  const server = [
    new Option("--host <address>", "address to listen on").default("127.0.0.1"),
    new Option("--port <n>", "port to listen on").argParser(integer({ min: 0, max: 65_535 }))
      .default(8000),
    new Option(
      "--token <token>",
      "require this token on every page and API call (default: none; required off loopback)",
    ).env("MONITOR_TOKEN"),
    new Option(
      "--allowed-host <name>",
      "a further name the monitor answers to, besides localhost and --host (repeatable)",
    ).argParser(collect).default([], "none"),
    new Option("--interval <seconds>", "seconds between management polls").argParser(
      integer({ min: 1, max: 3600 }),
    ).default(2),
  ];
  const publishing = [
    new Option(
      "--exchange <name>",
      "where the publish form and POST /publish/?message= send messages (may be published to)",
    ).default(TOPOLOGY_DEFAULTS.exchange),
    new Option("--routing-key <key>", "their routing key").default(TOPOLOGY_DEFAULTS.routingKey),
    new Option(
      "--publish-exchange <name>",
      `a further exchange the monitor may publish to and tap, besides ${
        DEFAULT_PUBLISH_EXCHANGES.join(" and ")
      } ('' for the default exchange; repeatable)`,
    ).argParser(collect).default([], "none"),
    new Option("--read-only", "refuse every write (publishing) through the monitor").default(false),
  ];
  for (const flag of server) program.addOption(flag.helpGroup("Web server:"));
  for (const flag of publishing) program.addOption(flag.helpGroup("Publishing from the page:"));
  return addDepthOptions(program);
}

/** Exchanges a monitor may publish to without being told: the toolkit's own topologies. */
export const DEFAULT_PUBLISH_EXCHANGES = [TOPOLOGY_DEFAULTS.exchange, "demo.exchange"];

/** Addresses only this machine can reach. */
const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/** Parses `monitor` flags. */
export function parseMonitorFlags(argv: string[]): MonitorFlags {
  const flags = parseFlags<MonitorFlags>(monitorCommand(), argv);
  return asFlagError(() => {
    flags.broker = resolveConnection({ ...flags, host: undefined });
    thresholdsOf(flags);
    if (flags.token !== undefined && flags.token.length < MIN_TOKEN_LENGTH) {
      throw new UserError(
        `--token (or MONITOR_TOKEN) must be at least ${MIN_TOKEN_LENGTH} characters (got ${flags.token.length}); ` +
          `make one with: openssl rand -hex 16`,
      );
    }
    if (!LOOPBACK.has(flags.host) && !flags.token) {
      throw new UserError(
        `--host ${flags.host} lets other machines reach the monitor (and publish through it); give --token (or MONITOR_TOKEN) so every page and API call needs it`,
      );
    }
    return flags;
  });
}

/** What {@linkcode startMonitor} needs. */
export interface MonitorOptions {
  /** One broker, or a cluster's nodes. */
  amqp: readonly AmqpEndpoint[];
  managementUrl: string;
  username?: string;
  password?: string;
  host: string;
  port: number;
  intervalSeconds: number;
  thresholds: Thresholds;
  /** When set, every page and API call needs it. */
  token?: string;
  /** Names the monitor answers to besides loopback and `host` (`--allowed-host`). */
  allowedHosts?: readonly string[];
  /** Exchanges it may publish to besides {@linkcode DEFAULT_PUBLISH_EXCHANGES}. */
  publishExchanges?: readonly string[];
  /** Refuse every write. */
  readOnly?: boolean;
  /** Where the publish form and `POST /publish/?message=` publish (default: the toolkit's). */
  publishTo?: { exchange: string; routingKey: string };
}

/** A running monitor. */
export interface RunningMonitor {
  url: string;
  context: MonitorContext;
  close(): Promise<void>;
}

/**
 * Starts the monitor: builds the island bundle, starts the one poller, serves the app.
 *
 * @example
 * ```ts
 * const monitor = await startMonitor({ ...options, port: 0 });
 * await fetch(`${monitor.url}/api/overview`);
 * await monitor.close();
 * ```
 */
export async function startMonitor(options: MonitorOptions): Promise<RunningMonitor> {
  const publishTo = options.publishTo ??
    { exchange: TOPOLOGY_DEFAULTS.exchange, routingKey: TOPOLOGY_DEFAULTS.routingKey };
  const shared = {
    bundle: await loadClientBundle(),
    intervalSeconds: options.intervalSeconds,
    defaults: publishTo,
    token: options.token,
    allowedHosts: allowedHosts({ listen: options.host, extra: options.allowedHosts }),
    scope: new WriteScope({
      readOnly: options.readOnly ?? false,
      hints: {
        readOnly: "started with --read-only",
        allow: (exchange) => `start the monitor with --publish-exchange '${exchange}' to allow it`,
      },
      exchanges: [
        ...DEFAULT_PUBLISH_EXCHANGES,
        publishTo.exchange,
        ...(options.publishExchanges ?? []),
      ],
    }),
    limits: {
      publishedMessages: new RateLimit({ limit: PUBLISH_RATE.messages }),
      publishedBytes: new RateLimit({ limit: PUBLISH_RATE.bytes }),
      failedLogins: new RateLimit({ limit: 5 }),
    },
    browserConsumers: new Set<BrowserConsumer>(),
  };
  // The registry needs the first context, which needs the registry: set right below.
  const first: MonitorContext = { ...shared, ...vhostSources(options), vhosts: undefined! };
  const vhosts = new VhostContexts(
    first,
    (vhost) => {
      const ctx: MonitorContext = { ...shared, ...vhostSources(options, vhost), vhosts };
      ctx.poller.start();
      return ctx;
    },
    new CachedRead(() => first.management.vhosts(), 30_000),
  );
  first.vhosts = vhosts;
  first.poller.start();
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname: options.host, port: options.port, onListen: () => {} },
      createApp(first).fetch,
    );
  } catch (error) {
    for (const ctx of vhosts.all()) ctx.poller.stop();
    if (error instanceof Deno.errors.AddrInUse) {
      throw new UserError(
        `port ${options.port} on ${options.host} is already in use (another monitor?): stop what listens there, or choose another with --port`,
        { cause: error },
      );
    }
    throw error;
  }
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${server.addr.port}`,
    context: first,
    async close() {
      for (const ctx of vhosts.all()) ctx.poller.stop();
      // Streams that stay open would hold the shutdown: end the pages' consumers first.
      await Promise.all(
        [...shared.browserConsumers].map((c) => c.stop("the monitor is shutting down")),
      );
      await server.shutdown();
      for (const ctx of vhosts.all()) {
        await ctx.feed.close();
        await ctx.link.close();
      }
    },
  };
}

/**
 * The sources the monitor keeps for one virtual host (by default the one of `--url`): the
 * poller, its management client and AMQP link, the feed's taps and the exchange list.
 */
function vhostSources(options: MonitorOptions, vhost?: string): VhostSources {
  const amqp = vhost === undefined ? options.amqp : options.amqp.map((e) => inVhost(e, vhost));
  const { poller, management, link } = brokerSnapshots({
    hints: CLI_MANAGEMENT_HINTS,
    amqp,
    managementUrl: options.managementUrl,
    username: options.username,
    password: options.password,
    intervalMs: options.intervalSeconds * 1000,
    thresholds: options.thresholds,
    connectionName: "monitor",
  });
  return {
    vhost: amqp[0].vhost,
    poller,
    management,
    link,
    feed: new MessageFeed(link),
    exchanges: new CachedRead(
      async () => {
        const [exchanges, bindings] = await Promise.all([
          management.exchanges(),
          management.bindings(),
        ]);
        return exchangeRows(exchanges, bindings);
      },
      options.intervalSeconds * 1000,
    ),
  };
}

async function main(): Promise<number> {
  const flags = parseMonitorFlags(Deno.args);
  const { broker } = flags;
  const monitor = await startMonitor({
    amqp: broker.amqp,
    managementUrl: broker.management.baseUrls.join(","),
    username: broker.management.username,
    password: broker.management.password,
    host: flags.host,
    port: flags.port,
    intervalSeconds: flags.interval,
    thresholds: thresholdsOf(flags),
    token: flags.token,
    allowedHosts: flags.allowedHost,
    publishExchanges: flags.publishExchange,
    readOnly: flags.readOnly,
    publishTo: { exchange: flags.exchange, routingKey: flags.routingKey },
  });
  console.log(`monitor: open ${monitor.url} (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    Deno.addSignalListener("SIGINT", resolve);
    Deno.addSignalListener("SIGTERM", resolve);
  });
  await monitor.close();
  return 0;
}

if (import.meta.main) runCli("monitor", main);
