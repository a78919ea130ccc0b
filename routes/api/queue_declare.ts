/**
 * `PUT /api/queues/NAME` with `{type, durable, dead_letter_exchange, dead_letter_routing_key,
 * message_ttl, max_length, overflow, delivery_limit, max_age}`: declares a queue. Needs
 * `--allow topology`.
 */
import type { Context } from "hono";
import { declareQueue } from "../../lib/queue_actions/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { brokerAction, jsonBody } from "../_requests/broker_action.ts";
import { parseQueueDeclaration } from "../_requests/topology_request.ts";

/** `PUT /api/queues/NAME`: answers 201 with what was declared. */
export function PUT(c: Context, ctx: MonitorContext): Promise<Response> {
  const name = c.req.param("name") ?? "";
  return brokerAction(c, ctx, {
    kind: "topology",
    action: "declare queue",
    object: `queue '${name}'`,
    status: 201,
    run: async () => {
      const queue = parseQueueDeclaration(name, await jsonBody(c));
      await declareQueue(ctx.management, queue);
      return { declared: queue };
    },
  });
}
