/**
 * The monitor as one app: builds the server from its parts (the routes table, the middleware,
 * one poller, feed and management client per virtual host, the island bundle) and serves it.
 * `scripts/monitor.ts` turns flags into {@linkcode MonitorOptions}; tests start it directly.
 */
import { CachedRead, type ManagementHints } from "../lib/management/mod.ts";
import { brokerSnapshots } from "../lib/snapshots/mod.ts";
import { MessageFeed } from "../lib/feed/mod.ts";
import { ActionRecord, type BrowserConsumer } from "../lib/queue_actions/mod.ts";
import { RateLimit } from "./_middleware/rate_limit.ts";
import { WriteScope } from "./_requests/write_scope.ts";
import { type ActionKind, ActionScope } from "./_requests/action_scope.ts";
import { type AmqpEndpoint, inVhost, TOPOLOGY_DEFAULTS } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import { exchangeRows, type Thresholds } from "../lib/shared/mod.ts";
import { loadClientBundle } from "../lib/web/mod.ts";
import {
  type MonitorAdvice,
  type MonitorContext,
  PLAIN_ADVICE,
  type VhostSources,
} from "./_context.ts";
import { VhostContexts } from "./_vhosts.ts";
import { allowedHosts } from "./_middleware/host_allow_list.ts";
import { createApp } from "./mod.ts";
import { PUBLISH_RATE } from "./api/publish.ts";

/** Exchanges a monitor may publish to without being told: the toolkit's own topologies. */
export const DEFAULT_PUBLISH_EXCHANGES = [TOPOLOGY_DEFAULTS.exchange, "demo.exchange"];

/**
 * The name this monitor's AMQP connections give themselves: unique, so its pages can tell
 * its own connection from another monitor's.
 */
const OWN_CONNECTION = `monitor ${crypto.randomUUID().slice(0, 8)}`;

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
  /** Actions on the broker itself it may take (`--allow`); none by default. */
  allow?: readonly ActionKind[];
  /** Where the publish form and `POST /publish/?message=` publish (default: the toolkit's). */
  publishTo?: { exchange: string; routingKey: string };
  /** How its operator widens what it allows, in their words (default: plain ones). */
  advice?: MonitorAdvice;
  /** Where the management API's address and credentials are set, in their words. */
  managementHints?: ManagementHints;
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
  const advice = options.advice ?? PLAIN_ADVICE;
  const publishTo = options.publishTo ??
    { exchange: TOPOLOGY_DEFAULTS.exchange, routingKey: TOPOLOGY_DEFAULTS.routingKey };
  const shared = {
    bundle: await loadClientBundle(),
    intervalSeconds: options.intervalSeconds,
    thresholds: options.thresholds,
    defaults: publishTo,
    token: options.token,
    allowedHosts: allowedHosts({ listen: options.host, extra: options.allowedHosts }),
    advice,
    scope: new WriteScope({
      readOnly: options.readOnly ?? false,
      hints: { readOnly: advice.readOnly, allow: advice.allowExchange },
      exchanges: [
        ...DEFAULT_PUBLISH_EXCHANGES,
        publishTo.exchange,
        ...(options.publishExchanges ?? []),
      ],
    }),
    allow: new ActionScope({
      readOnly: options.readOnly ?? false,
      allow: options.allow ?? [],
      readOnlyWhy: advice.readOnly,
    }),
    actions: new ActionRecord(),
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
        `port ${options.port} on ${options.host} is already in use (another monitor?): stop what listens there, or ${advice.otherPort}`,
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
    hints: options.managementHints ?? {},
    amqp,
    managementUrl: options.managementUrl,
    username: options.username,
    password: options.password,
    intervalMs: options.intervalSeconds * 1000,
    thresholds: options.thresholds,
    connectionName: OWN_CONNECTION,
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
