/**
 * `POST /api/queues/NAME/consume?prefetch=N`: a consumer on the queue for as long as the
 * response is read. The answer is newline-delimited JSON: `{"type":"started","tag":…}`, then
 * `{"type":"message","message":{…}}` per message taken (acked once written), and a
 * `{"type":"ended","error":…}` line if the broker ends it. Closing the response stops the
 * consumer; what it had not written goes back to the queue.
 */
import type { Context } from "hono";
import { stream } from "hono/streaming";
import { explainBrokerError } from "../../lib/amqp/mod.ts";
import { BrowserConsumer } from "../../lib/queue_actions/mod.ts";
import { nameProblem } from "../_requests/resource_name.ts";
import { type MonitorContext, queueWriteRefusal } from "../_context.ts";

/** Most browser consumers one monitor runs at once. */
export const MAX_BROWSER_CONSUMERS = 8;
/** Highest prefetch a page may ask for. */
const MAX_PREFETCH = 1_000;

export async function POST(c: Context, ctx: MonitorContext): Promise<Response> {
  const queue = c.req.param("name") ?? "";
  const problem = nameProblem("queue", queue);
  if (problem) return c.json({ error: problem }, 400);
  const raw = c.req.query("prefetch") ?? "10";
  const prefetch = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(prefetch >= 1 && prefetch <= MAX_PREFETCH)) {
    return c.json({ error: `'prefetch' must be a whole number from 1 to ${MAX_PREFETCH}` }, 422);
  }
  const refused = await queueWriteRefusal(c, ctx, [queue]);
  if (refused) return refused;
  if (ctx.browserConsumers.size >= MAX_BROWSER_CONSUMERS) {
    return c.json({
      error: `at most ${MAX_BROWSER_CONSUMERS} pages may consume through this monitor at once`,
    }, 429);
  }

  const consumer = new BrowserConsumer(ctx.link, { queue, prefetch, name: "monitor-page" });
  ctx.browserConsumers.add(consumer);
  c.header("content-type", "application/x-ndjson; charset=utf-8");
  c.header("cache-control", "no-store");
  return stream(c, async (out) => {
    const send = (line: Record<string, unknown>) => out.write(`${JSON.stringify(line)}\n`);
    out.onAbort(() => consumer.stop());
    try {
      await send({ type: "started", tag: consumer.tag, queue, prefetch });
      await consumer.start(async (message) => {
        await send({ type: "message", message });
        if (out.aborted) throw new Error("the page left"); // not acked: back to the queue
      });
      await consumer.ended();
      if (!out.aborted) {
        const why = consumer.stopReason ?? `the broker ended the subscription to '${queue}'`;
        await send({ type: "ended", error: why });
      }
    } catch (error) {
      if (!out.aborted) await send({ type: "ended", error: explainBrokerError(error, { queue }) });
    } finally {
      await consumer.stop();
      ctx.browserConsumers.delete(consumer);
    }
  });
}
