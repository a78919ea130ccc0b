/**
 * `PUT /api/exchanges/NAME` with `{type, durable, auto_delete, internal, alternate_exchange}`
 * declares an exchange; `DELETE /api/exchanges/NAME` deletes one. Need `--allow topology`.
 */
import type { Context } from "hono";
import { declareExchange, deleteExchangeNamed } from "../../lib/queue_actions/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { brokerAction, jsonBody } from "../_requests/broker_action.ts";
import { parseExchangeDeclaration } from "../_requests/topology_request.ts";

/** `PUT /api/exchanges/NAME`: answers 201 with what was declared. */
export function PUT(c: Context, ctx: MonitorContext): Promise<Response> {
  const name = c.req.param("name") ?? "";
  return brokerAction(c, ctx, {
    kind: "topology",
    action: "declare exchange",
    object: `exchange '${name}'`,
    status: 201,
    run: async () => {
      const exchange = parseExchangeDeclaration(name, await jsonBody(c));
      await declareExchange(ctx.management, exchange);
      return { declared: exchange };
    },
  });
}

/** `DELETE /api/exchanges/NAME`: deletes it with its bindings. */
export function DELETE(c: Context, ctx: MonitorContext): Promise<Response> {
  const name = c.req.param("name") ?? "";
  return brokerAction(c, ctx, {
    kind: "topology",
    action: "delete exchange",
    object: `exchange '${name}'`,
    run: async () => {
      await deleteExchangeNamed(ctx.management, name);
      return { deleted: name };
    },
  });
}
