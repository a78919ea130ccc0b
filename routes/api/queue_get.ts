/**
 * `POST /api/queues/NAME/get` with `{count, ack_mode}`: up to `count` messages from the head of
 * the queue with the management UI's ack modes: `requeue` (handed back), `ack` (taken), `reject`
 * (rejected without requeue: dead-lettered, or dropped). Taking needs the same scope as
 * consuming: the queue bound from an exchange the monitor may publish to.
 */
import type { Context } from "hono";
import { GET_ACK_MODES, type GetAckMode, peekMessages } from "../../lib/queue_actions/mod.ts";
import { nameProblem } from "../_requests/resource_name.ts";
import { type MonitorContext, queueWriteRefusal } from "../_context.ts";
import { describeAction } from "../_middleware/action_log.ts";
import { MAX_PEEK } from "./queue_messages.ts";

/** Longest body text returned per message. */
const MAX_BODY_BYTES = 4096;

/** `POST /api/queues/NAME/get`: answers `{queue, count, ack_mode, messages}`. */
export async function POST(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.param("name") ?? "";
  const problem = nameProblem("queue", queue);
  if (problem) return c.json({ error: problem }, 400);
  let body: Record<string, unknown>;
  try {
    body = (await c.req.json()) ?? {};
  } catch {
    return c.json({ error: 'send {"count": N, "ack_mode": "requeue"} as application/json' }, 400);
  }
  const count = body.count ?? 5;
  if (!(Number.isInteger(count) && (count as number) >= 1 && (count as number) <= MAX_PEEK)) {
    return c.json({ error: `'count' takes a whole number from 1 to ${MAX_PEEK}` }, 400);
  }
  const mode = body.ack_mode ?? "requeue";
  if (!GET_ACK_MODES.includes(mode as GetAckMode)) {
    return c.json({ error: `'ack_mode' takes ${GET_ACK_MODES.join(", ")}` }, 400);
  }
  describeAction(c, `get messages (${mode})`, `queue '${queue}'`);
  const refused = await queueWriteRefusal(c, ctx, [queue]);
  if (refused) return refused;
  const messages = await peekMessages(await ctx.link.connection(), queue, {
    count: count as number,
    maxBodyBytes: MAX_BODY_BYTES,
    settle: mode as GetAckMode,
  });
  return c.json({ queue, count: messages.length, ack_mode: mode, messages });
}
