/**
 * `DELETE /api/connections/NAME` with `{"reason": "…"}` (or `?reason=`): closes a client's
 * connection in the request's vhost; the client sees the reason. Needs `--allow connections`.
 */
import type { Context } from "hono";
import { HttpError } from "../../lib/errors.ts";
import { closeConnection } from "../../lib/queue_actions/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { brokerAction } from "../_requests/broker_action.ts";

/** The longest reason sent to a client. */
const MAX_REASON = 200;

/** `DELETE /api/connections/NAME`: answers `{closed, reason}`. */
export function DELETE(c: Context, ctx: MonitorContext): Promise<Response> {
  const name = c.req.param("name") ?? "";
  return brokerAction(c, ctx, {
    kind: "connections",
    action: "close connection",
    object: `connection '${name}'`,
    run: async (describe) => {
      const reason = await reasonOf(c);
      describe(`connection '${name}' (reason '${reason}')`);
      await closeConnection(ctx.management, { name, reason });
      return { closed: name, reason };
    },
  });
}

/** The reason from the JSON body or the query; "closed from the monitor" when none is given. */
async function reasonOf(c: Context): Promise<string> {
  let reason: unknown = c.req.query("reason");
  if (reason === undefined && c.req.header("content-type")?.includes("application/json")) {
    try {
      reason = (await c.req.json())?.reason;
    } catch {
      throw new HttpError(400, 'send {"reason": "…"} as application/json');
    }
  }
  if (reason === undefined || reason === "") return "closed from the monitor";
  if (typeof reason !== "string" || reason.length > MAX_REASON) {
    throw new HttpError(400, `'reason' takes a text of at most ${MAX_REASON} characters`);
  }
  return reason;
}
