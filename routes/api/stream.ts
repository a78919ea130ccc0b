/**
 * `GET /api/stream`: server-sent events, one `snapshot` event per poll. Every viewer gets the
 * same snapshot from the one poller; a viewer that leaves is unsubscribed.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { MonitorContext } from "../_context.ts";

export function GET(c: Context, ctx: MonitorContext): Response {
  return streamSSE(c, async (stream) => {
    const send = (snapshot: unknown) =>
      stream.writeSSE({ event: "snapshot", data: JSON.stringify(snapshot) }).catch(() => {});
    await send(await ctx.poller.latest());
    const unsubscribe = ctx.poller.subscribe(send);
    await new Promise<void>((resolve) => stream.onAbort(resolve));
    unsubscribe();
  });
}
