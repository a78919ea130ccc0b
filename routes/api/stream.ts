/**
 * `GET /api/stream`: server-sent events, one `snapshot` event per poll. Every viewer gets the
 * snapshot of the one poller, as its view shows it (`?view=page&sort=total…`, `?view=one&
 * queue=NAME`, `?view=none`; without `view`, the whole snapshot); a viewer that leaves is
 * unsubscribed.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import {
  parseView,
  QueueQueryError,
  type Snapshot,
  type SnapshotView,
} from "../../lib/shared/mod.ts";
import type { MonitorContext } from "../_context.ts";

export function GET(c: Context, ctx: MonitorContext): Response {
  let view: SnapshotView;
  try {
    view = parseView(c.req.query());
  } catch (error) {
    if (error instanceof QueueQueryError) return c.json({ error: error.message }, 400);
    throw error;
  }
  return streamSSE(c, async (stream) => {
    const send = (snapshot: Snapshot) =>
      stream.writeSSE({ event: "snapshot", data: JSON.stringify(snapshot) }).catch(() => {});
    await send(await ctx.poller.view(view));
    const unsubscribe = ctx.poller.subscribe(send, view);
    await new Promise<void>((resolve) => stream.onAbort(resolve));
    unsubscribe();
  });
}
