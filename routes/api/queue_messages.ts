/**
 * `GET /api/queues/NAME/messages?count=N`: up to N messages from the head of the queue, with
 * their properties and headers, left in the queue (the management UI's "get, requeue"). A write
 * for the monitor's scope: the queue must be bound from an exchange it may publish to.
 */
import type { Context } from "hono";
import { peekMessages } from "../../lib/queue_actions/mod.ts";
import { nameProblem } from "../_requests/resource_name.ts";
import { type MonitorContext, queueWriteRefusal } from "../_context.ts";

/** Most messages one request reads. */
export const MAX_PEEK = 100;
/** Longest body text returned per message. */
const MAX_BODY_BYTES = 4096;

export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.param("name") ?? "";
  const problem = nameProblem("queue", queue);
  if (problem) return c.json({ error: problem }, 400);
  const raw = c.req.query("count") ?? "5";
  const count = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(count >= 1 && count <= MAX_PEEK)) {
    return c.json({ error: `'count' must be a whole number from 1 to ${MAX_PEEK}` }, 422);
  }
  // Getting hands the messages back marked redelivered (and counts a delivery on a quorum
  // queue): a write, under the same scope as consuming.
  const refused = await queueWriteRefusal(c, ctx, [queue]);
  if (refused) return refused;
  // A queue that is gone is an HttpError(404): the app answers it with its status.
  const messages = await peekMessages(await ctx.link.connection(), queue, {
    count,
    maxBodyBytes: MAX_BODY_BYTES,
  });
  return c.json({ queue, count: messages.length, requeued: true, messages });
}
