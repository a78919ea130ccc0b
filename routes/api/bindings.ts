/**
 * `POST /api/bindings` and `DELETE /api/bindings` with `{source, destination,
 * destination_type, routing_key, arguments}`: add or remove a binding, exchange to queue or
 * exchange to exchange, in the request's vhost. Needs `--allow topology`.
 */
import type { Context } from "hono";
import { addBinding, type BindingSpec, removeBinding } from "../../lib/queue_actions/mod.ts";
import { HttpError } from "../../lib/errors.ts";
import type { MonitorContext } from "../_context.ts";
import { brokerAction, jsonBody } from "../_requests/broker_action.ts";
import { parseBinding } from "../_requests/topology_request.ts";

/** `POST /api/bindings`: adds the binding; answers 201 with it. */
export function POST(c: Context, ctx: MonitorContext): Promise<Response> {
  return brokerAction(c, ctx, {
    kind: "topology",
    action: "add binding",
    status: 201,
    run: async (describe) => {
      const spec = parseBinding(await jsonBody(c));
      describe(bindingName(spec));
      await addBinding(ctx.management, spec);
      return { added: answerOf(spec) };
    },
  });
}

/** `DELETE /api/bindings`: removes the binding; 404 when there is none like it. */
export function DELETE(c: Context, ctx: MonitorContext): Promise<Response> {
  return brokerAction(c, ctx, {
    kind: "topology",
    action: "remove binding",
    run: async (describe) => {
      const spec = parseBinding(await jsonBody(c));
      describe(bindingName(spec));
      if (!await removeBinding(ctx.management, spec)) {
        throw new HttpError(404, `there is no binding ${bindingName(spec)}`);
      }
      return { removed: answerOf(spec) };
    },
  });
}

/** "exchange 'a' → queue 'b' (key 'k')", for the record and refusals. */
export function bindingName(spec: BindingSpec): string {
  const args = Object.keys(spec.arguments).length ? ` ${JSON.stringify(spec.arguments)}` : "";
  return `exchange '${spec.source}' → ${spec.destinationType} '${spec.destination}' (key '${spec.routingKey}'${args})`;
}

function answerOf(spec: BindingSpec) {
  return {
    source: spec.source,
    destination: spec.destination,
    destination_type: spec.destinationType,
    routing_key: spec.routingKey,
    arguments: spec.arguments,
  };
}
