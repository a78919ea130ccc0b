/** What every route of the monitor is given: the shared poller, feed, broker links and bundle. */
import type { AmqpLink } from "../lib/amqp_link.ts";
import type { ManagementClient } from "../lib/management.ts";
import type { MessageFeed } from "../lib/message_feed.ts";
import type { SnapshotPoller } from "../lib/snapshot_poller.ts";
import type { Bundle } from "../lib/web/bundle.ts";

/** Shared state of one monitor server. */
export interface MonitorContext {
  poller: SnapshotPoller;
  feed: MessageFeed;
  link: AmqpLink;
  management: ManagementClient;
  bundle: Bundle;
  intervalSeconds: number;
  /** Default exchange and routing key for the publish form and the exchange feed. */
  defaults: { exchange: string; routingKey: string };
  /** When set, every page and API call needs this token. */
  token?: string;
}

/** URL of the current browser bundle (its hash makes it cacheable forever). */
export function bundleUrl(ctx: MonitorContext): string {
  return `/static/islands.js?v=${ctx.bundle.hash}`;
}
