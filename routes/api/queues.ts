/**
 * `GET /api/queues?page=1&page_size=20&name=abc&use_regex=false&sort=messages&sort_reverse=true`:
 * one page of the queues, sorted and filtered (by the broker, as the poller reads pages), in the
 * management API's shape (`{items, filtered_count, item_count, total_count, page, page_size,
 * page_count}`); a page past the end is the last page. `?vhost=*`: every vhost's queues, each
 * with its `vhost`.
 */
import type { Context } from "hono";
import { parseQueueQuery, QueueQueryError } from "../../lib/shared/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { allVhostQueuePage } from "../../lib/snapshots/mod.ts";

export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  try {
    const query = parseQueueQuery(c.req.query());
    if (c.req.query("vhost") === "*") {
      return c.json(await allVhostQueuePage(ctx.management, query, ctx.thresholds));
    }
    const page = await ctx.poller.view({ queues: "page", query });
    return c.json({ ...page.queuePage!, items: page.queues });
  } catch (error) {
    if (error instanceof QueueQueryError) return c.json({ error: error.message }, 400);
    throw error;
  }
}
