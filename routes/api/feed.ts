/**
 * `GET /api/feed?queue=NAME` or `?exchange=NAME&routing_key=KEY`: server-sent `messages`
 * events with the messages routed like that queue (or that binding), from a private tap queue.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { TOPOLOGY_DEFAULTS } from "../../lib/config.ts";
import type { FeedBinding } from "../../lib/feed/mod.ts";
import { FIREHOSE } from "../_requests/write_scope.ts";
import { nameProblem } from "../_requests/resource_name.ts";
import type { MonitorContext } from "../_context.ts";

/** The binding key that shows everything a work queue gets, by exchange type. */
function defaultRoutingKey(type: string | undefined): string {
  if (type === "topic") return "#";
  if (type === "fanout" || type === "headers") return "";
  return TOPOLOGY_DEFAULTS.routingKey;
}

async function bindingsFor(c: Context, ctx: MonitorContext): Promise<FeedBinding[] | Response> {
  const queue = c.req.query("queue");
  const exchangeName = c.req.query("exchange");
  const problem = (queue !== undefined && nameProblem("queue", queue)) ||
    (exchangeName && nameProblem("exchange", exchangeName));
  if (problem) return c.json({ error: problem }, 400);
  if (queue !== undefined) {
    const bindings = await ctx.management.queueBindings(queue).catch(() => undefined);
    if (!bindings) {
      return c.json({ error: `queue '${queue}' not found (or the management API is down)` }, 404);
    }
    // The firehose copies every message of the broker: never tapped, whatever is bound to it.
    const tappable = bindings.filter((b) => b.source !== "" && b.source !== FIREHOSE);
    if (tappable.length === 0) {
      return c.json({ error: `queue '${queue}' has no exchange bindings to tap` }, 422);
    }
    return tappable.map((b) => ({
      exchange: b.source,
      routingKey: b.routing_key,
      arguments: b.arguments,
    }));
  }
  const exchange = c.req.query("exchange");
  if (!exchange) {
    return c.json({ error: "give ?queue=NAME or ?exchange=NAME[&routing_key=KEY]" }, 400);
  }
  if (!ctx.scope.mayTap(exchange)) {
    return c.json({
      error: `exchange '${exchange}' is outside this monitor's scope; watch a queue bound to ` +
        `it (?queue=NAME); ${ctx.advice.allowExchange(exchange)}`,
    }, 403);
  }
  const info = await ctx.management.exchange(exchange).catch(() => null);
  if (info === undefined) return c.json({ error: `exchange '${exchange}' does not exist` }, 404);
  const routingKey = c.req.query("routing_key") ?? defaultRoutingKey(info?.type);
  return [{ exchange, routingKey }];
}

export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  const bindings = await bindingsFor(c, ctx);
  if (bindings instanceof Response) return bindings;
  return streamSSE(c, async (stream) => {
    let leave: (() => Promise<void>) | undefined;
    const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
    try {
      leave = await ctx.feed.watch(bindings, (event) => {
        if (event instanceof Error) {
          // The tap died with its connection: end the stream, the browser reconnects.
          void stream.close();
          return;
        }
        stream.writeSSE({ event: "messages", data: JSON.stringify(event) }).catch(() => {});
      });
      await stream.writeSSE({ event: "ready", data: JSON.stringify({ bindings }) });
      await closed;
    } catch (error) {
      await stream.writeSSE({
        event: "problem",
        data: `the live feed could not start: ${error instanceof Error ? error.message : error}`,
      });
    } finally {
      await leave?.();
    }
  });
}
