/**
 * `POST /api/queues/NAME/redrive` with optional `{exchange, routing_key}`: sends the messages of
 * a dead-letter queue back to where each one died (or to the exchange given), each acked only
 * once its copy is confirmed. The same write scope as moving messages: the queue must be bound
 * from an exchange the monitor may publish to (and an exchange given must be one of those).
 */
import type { Context } from "hono";
import { explainBrokerError } from "../../lib/amqp/mod.ts";
import { RedriveInterrupted, RedriveRun } from "../../lib/queue_actions/mod.ts";
import { type MonitorContext, queueWriteRefusal } from "../_context.ts";
import { describeAction } from "../_middleware/action_log.ts";
import { nameProblem } from "../_requests/resource_name.ts";

/** `POST /api/queues/NAME/redrive`: answers `{queue, read, moved, skipped, failed, destinations}`. */
export async function POST(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.param("name") ?? "";
  describeAction(c, "redrive", `queue '${queue}'`);
  const target = await targetOf(c);
  if ("error" in target) return c.json({ error: target.error }, 400);
  const refused = await queueWriteRefusal(c, ctx, [queue]);
  if (refused) return refused;
  // Back to their origins is the queue's own scope; an exchange given must be in the monitor's.
  const outside = target.exchange === undefined
    ? undefined
    : ctx.scope.publishRefusal(target.exchange);
  if (outside) return c.json({ error: outside }, 403);
  try {
    const result = await new RedriveRun(await ctx.link.connection(), { from: queue, ...target })
      .run();
    return c.json({ queue, ...result });
  } catch (error) {
    if (error instanceof RedriveInterrupted) {
      return c.json({ error: error.message, queue, ...error.counts }, 502);
    }
    return c.json({ error: explainBrokerError(error, { queue }) }, 409);
  }
}

/** The optional `{exchange, routing_key}` of the body (none: each message's origin). */
async function targetOf(
  c: Context,
): Promise<{ exchange?: string; routingKey?: string } | { error: string }> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { error: 'send nothing, or {"exchange": "X", "routing_key": "K"} as JSON' };
  }
  const { exchange, routing_key: routingKey } = (body ?? {}) as Record<string, unknown>;
  if (exchange !== undefined && typeof exchange !== "string") {
    return { error: "'exchange' takes an exchange name ('' for the default exchange)" };
  }
  if (routingKey !== undefined && typeof routingKey !== "string") {
    return { error: "'routing_key' takes a string" };
  }
  if (exchange === undefined && routingKey !== undefined) {
    return { error: "'routing_key' needs 'exchange' (without both, each goes to its origin)" };
  }
  if (exchange) {
    const problem = nameProblem("exchange", exchange);
    if (problem) return { error: problem };
  }
  return { exchange, routingKey };
}
