/**
 * What an operator does to a queue: `POST /api/queues/NAME/purge`, `DELETE /api/queues/NAME`,
 * and `POST /api/queues/NAME/move` with `{"to": "OTHER"}` (every message, byte for byte, each
 * original acked once its copy is confirmed). Behind the same token, same-origin check and write
 * scope as publishing: the queue (and a move's destination) must be bound from an exchange the
 * monitor may publish to.
 */
import type { Context } from "hono";
import { HttpError } from "../../lib/errors.ts";
import { deleteQueue, explainBrokerError, inspectQueue, purgeQueues } from "../../lib/amqp/mod.ts";
import { ReplayRun } from "../../lib/messaging/mod.ts";
import { type MonitorContext, queueWriteRefusal } from "../_context.ts";

/** `POST /api/queues/NAME/purge`: empties the queue; answers how many messages it held. */
export async function PURGE(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.param("name") ?? "";
  const refused = await queueWriteRefusal(c, ctx, [queue]);
  if (refused) return refused;
  return await act(c, queue, async () => {
    const purged = await purgeQueues(await ctx.link.connection(), [queue]);
    return { queue, purged: purged[queue] };
  });
}

/** `DELETE /api/queues/NAME`: deletes the queue; answers how many messages went with it. */
export async function DELETE(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.param("name") ?? "";
  const refused = await queueWriteRefusal(c, ctx, [queue]);
  if (refused) return refused;
  return await act(c, queue, async () => {
    const messages = await deleteQueue(await ctx.link.connection(), queue);
    return { queue, deleted: true, messages };
  });
}

/** `POST /api/queues/NAME/move` with `{"to": "OTHER"}`: moves every message to OTHER. */
export async function MOVE(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.param("name") ?? "";
  let to: unknown;
  try {
    to = (await c.req.json()).to;
  } catch {
    return c.json({ error: 'send {"to": "QUEUE"} as application/json' }, 400);
  }
  if (typeof to !== "string" || to === "") {
    return c.json({ error: "'to' is required: the queue to move the messages to" }, 400);
  }
  if (to === queue) return c.json({ error: "'to' must be another queue" }, 422);
  const refused = await queueWriteRefusal(c, ctx, [queue, to]);
  if (refused) return refused;
  return await act(c, queue, async () => {
    const conn = await ctx.link.connection();
    if (!await inspectQueue(conn, to)) throw new HttpError(404, `queue '${to}' does not exist`);
    const result = await new ReplayRun(conn, {
      from: queue,
      exchange: "",
      routingKey: to,
      move: true,
    })
      .run();
    return { queue, to, moved: result.confirmed - result.returned, returned: result.returned };
  });
}

/** Runs the action; a broker refusal is a 409 with its explanation, a missing queue a 404. */
async function act(c: Context, queue: string, action: () => Promise<object>): Promise<Response> {
  try {
    return c.json(await action());
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      return c.json({ error: error.message }, 404);
    }
    return c.json({ error: explainBrokerError(error, { queue }) }, 409);
  }
}
