/**
 * What every route of the monitor is given: the sources of the virtual host the request is
 * about (poller, feed, broker link, management client), and what the whole monitor shares.
 */
import type { Context } from "hono";
import { getConnInfo } from "hono/deno";
import type { AmqpLink } from "../lib/amqp/mod.ts";
import type {
  BindingInfo,
  ExchangeRow,
  PublishAccess,
  QueueAccess,
  Thresholds,
} from "../lib/shared/mod.ts";
import { nameProblem } from "./_requests/resource_name.ts";
import type { CachedRead, ManagementClient } from "../lib/management/mod.ts";
import type { SnapshotPoller } from "../lib/snapshots/mod.ts";
import type { MessageFeed } from "../lib/feed/mod.ts";
import type { ActionRecord, BrowserConsumer } from "../lib/queue_actions/mod.ts";
import type { RateLimit } from "./_middleware/rate_limit.ts";
import type { WriteScope } from "./_requests/write_scope.ts";
import type { ActionScope } from "./_requests/action_scope.ts";
import type { Bundle } from "../lib/web/mod.ts";
import type { VhostContexts } from "./_vhosts.ts";

/**
 * What a page is given: the sources of the request's virtual host, the address's parameters
 * (`:name`) and its query. A page that cannot be shown throws an {@linkcode HttpError}: 404 for
 * what does not exist (the not-found page says its message), 400 for an address it refuses.
 */
export interface PageRequest {
  ctx: MonitorContext;
  params: Record<string, string>;
  query: Record<string, string>;
}

/** What a monitor keeps for each virtual host it shows. */
export interface VhostSources {
  /** The virtual host's name. */
  vhost: string;
  poller: SnapshotPoller;
  feed: MessageFeed;
  link: AmqpLink;
  management: ManagementClient;
  /** The exchange list, read once per poll interval however many pages ask. */
  exchanges: CachedRead<ExchangeRow[]>;
}

/**
 * How the monitor's operator widens what it allows, in the operator's own words: the routes
 * say these to the browser; the script that started it gives its flags (`--read-only`, …).
 */
export interface MonitorAdvice {
  /** Why every write is refused. */
  readOnly: string;
  /** How to let the monitor publish to and tap an exchange. */
  allowExchange(exchange: string): string;
  /** How to have it answer to another host name. */
  allowHost: string;
  /** How to serve it on another port. */
  otherPort: string;
}

/** The advice of a monitor started without a script's words. */
export const PLAIN_ADVICE: MonitorAdvice = {
  readOnly: "it was started read-only",
  allowExchange: (exchange) => `its operator can allow exchange '${exchange}'`,
  allowHost: "have its operator add this name to the names it answers to",
  otherPort: "choose another port",
};

/** Shared state of one monitor server, with the sources of one virtual host. */
export interface MonitorContext extends VhostSources {
  /** How its operator widens what it allows (said to the browser with each refusal). */
  advice: MonitorAdvice;
  /** Every virtual host's context, for the selector (the one of `--url` first). */
  vhosts: VhostContexts<MonitorContext>;
  bundle: Bundle;
  intervalSeconds: number;
  /** Queue depths that colour a queue (lists read outside the poller use them too). */
  thresholds: Thresholds;
  /** Default exchange and routing key for the publish form and the exchange feed. */
  defaults: { exchange: string; routingKey: string };
  /** When set, every page and API call needs this token. */
  token?: string;
  /** Host names the monitor answers to (see `host_allow_list.ts`). */
  allowedHosts: readonly string[];
  /** What it may publish to and tap. */
  scope: WriteScope;
  /** The actions on the broker itself it may take (`--allow`). */
  allow: ActionScope;
  /** Every write asked of it, newest first (`/actions`). */
  actions: ActionRecord;
  /** Per-client budgets: messages and bytes published, wrong tokens tried. */
  limits: MonitorLimits;
  /** The consumers pages run on queues right now (`POST /api/queues/NAME/consume`). */
  browserConsumers: Set<BrowserConsumer>;
}

/** Per-client budgets of one monitor. */
export interface MonitorLimits {
  publishedMessages: RateLimit;
  publishedBytes: RateLimit;
  failedLogins: RateLimit;
}

/** URL of the current browser bundle (its hash makes it cacheable forever). */
export function bundleUrl(ctx: MonitorContext): string {
  return `/static/islands.js?v=${ctx.bundle.hash}`;
}

/** The client a request comes from: its remote address. */
export function clientOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Where this monitor's pages may publish (see `PublishAccess`). */
export function publishAccess(ctx: MonitorContext): PublishAccess {
  return { readOnly: ctx.scope.readOnly, exchanges: ctx.scope.exchanges };
}

/**
 * What a page may do to a queue, from the bindings and type the page was rendered with
 * (bindings unknown: the management API did not answer, so the scope cannot be told).
 */
export function queueAccess(
  ctx: MonitorContext,
  queue: string,
  known: { bindings?: BindingInfo[]; type?: string },
): QueueAccess {
  const refused = known.bindings
    ? ctx.scope.queueRefusal(queue, known.bindings.map((b) => b.source))
    : "the management API did not answer, so whether this queue is in the monitor's write scope is unknown";
  return { refused, stream: known.type === "stream" };
}

/**
 * Why these queues may not be changed (consumed, purged, deleted, moved) through this monitor,
 * as a response; or undefined. Each must have a usable name, exist, and be bound from an
 * exchange in the write scope (read from the management API).
 */
export async function queueWriteRefusal(
  c: Context,
  ctx: MonitorContext,
  queues: string[],
): Promise<Response | undefined> {
  for (const queue of queues) {
    const problem = nameProblem("queue", queue);
    if (problem) return c.json({ error: problem }, 400);
    const [info, bindings] = await Promise.all([
      ctx.management.queue(queue).catch(() => undefined),
      ctx.management.queueBindings(queue).catch(() => undefined),
    ]);
    if (!info || !bindings) {
      return c.json({ error: `queue '${queue}' not found (or the management API is down)` }, 404);
    }
    const refused = ctx.scope.queueRefusal(queue, bindings.map((b) => b.source));
    if (refused) return c.json({ error: refused }, 403);
  }
  return undefined;
}
