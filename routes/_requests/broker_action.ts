/**
 * How every action on the broker itself is answered: named for the record, refused with 403
 * outside `--allow` (naming the flag), then done; the broker's refusal is answered with its
 * own reason.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HttpError } from "../../lib/errors.ts";
import { ManagementRefusal } from "../../lib/management/mod.ts";
import { messageOf } from "../../lib/_util/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { describeAction } from "../_middleware/action_log.ts";
import type { ActionKind } from "./action_scope.ts";

/** One action, for {@linkcode brokerAction}. */
export interface BrokerAction {
  kind: ActionKind;
  /** What it is, for the record: "add binding". */
  action: string;
  /** On which object, when the address says it (`run` names it when the body does). */
  object?: string;
  /**
   * Reads the request and does it; answers what the client gets as JSON (status 200 unless
   * `status` is set). `describe` names the object for the record once the body told it.
   */
  run(describe: (object: string) => void): Promise<object>;
  status?: ContentfulStatusCode;
}

/**
 * Answers one action: 403 outside the action scope, 4xx for bad input or what does not exist,
 * 409 with the broker's reason when the broker refuses, else the action's answer.
 *
 * @example
 * ```ts
 * return await brokerAction(c, ctx, {
 *   kind: "topology", action: "delete exchange", object: `exchange '${name}'`,
 *   run: async () => (await deleteExchangeNamed(ctx.management, name), { deleted: name }),
 * });
 * ```
 */
export async function brokerAction(
  c: Context,
  ctx: MonitorContext,
  action: BrokerAction,
): Promise<Response> {
  const describe = (object: string) => describeAction(c, action.action, object);
  describe(action.object ?? "");
  const refused = ctx.allow.refusal(action.kind);
  if (refused) return c.json({ error: refused }, 403);
  try {
    return c.json(await action.run(describe), action.status ?? 200);
  } catch (error) {
    if (error instanceof ManagementRefusal) {
      const status = error.status === 404 ? 404 : error.status === 401 ? 502 : 409;
      return c.json({ error: `the broker refused: ${error.reason}` }, status);
    }
    if (error instanceof HttpError) {
      return c.json({ error: error.message }, error.status as ContentfulStatusCode);
    }
    return c.json({ error: messageOf(error) }, 502);
  }
}

/** The request's JSON body, or a 400 naming what to send. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new HttpError(400, "send the request's fields as a JSON object (application/json)");
  }
}
