/**
 * `POST /api/publish` with `{exchange, routing_key, body, headers?, count?}`: publishes with
 * confirms and answers once the broker confirmed, with the message ids.
 */
import type { Context } from "hono";
import { explainBrokerError } from "../../lib/amqp/mod.ts";
import { envelopeFactory, publishMessages } from "../../lib/messaging/mod.ts";
import { parsePublishRequest, PUBLISH_LIMITS, RequestError } from "../../lib/monitor/mod.ts";
import { clientOf, type MonitorContext } from "../_context.ts";

/** Largest request accepted before parsing (the body limit plus room for JSON and headers). */
export const MAX_REQUEST_BYTES = PUBLISH_LIMITS.bodyBytes * 2 + 16 * 1024;

/** What one client may publish through the monitor per minute. */
export const PUBLISH_RATE = { messages: 10_000, bytes: 16 * 1024 * 1024 } as const;

export async function POST(c: Context, ctx: MonitorContext): Promise<Response> {
  // JSON only: a cross-site form or text/plain post cannot be made to look like one without CORS.
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return c.json({ error: "send the request as application/json" }, 415);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    return c.json({ error: "the request body must be JSON" }, 400);
  }
  let request;
  try {
    request = parsePublishRequest(raw);
  } catch (error) {
    if (error instanceof RequestError) return c.json({ error: error.message }, error.status);
    throw error;
  }

  const refusal = ctx.scope.publishRefusal(request.exchange);
  if (refusal) return c.json({ error: refusal }, 403);
  const client = clientOf(c);
  const body = new TextEncoder().encode(request.body);
  const bytes = request.count * body.length;
  const { publishedMessages, publishedBytes } = ctx.limits;
  // Both budgets are checked before either is spent: a refused request costs nothing.
  if (!publishedMessages.fits(client, request.count) || !publishedBytes.fits(client, bytes)) {
    c.header("retry-after", String(publishedMessages.retryAfterSeconds(client)));
    return c.json({
      error: `at most ${PUBLISH_RATE.messages} messages and ${
        PUBLISH_RATE.bytes / 1024 / 1024
      } MiB a minute may be published from one client; try again later`,
    }, 429);
  }
  publishedMessages.spend(client, request.count);
  publishedBytes.spend(client, bytes);

  const conn = await ctx.link.connection();
  if (request.exchange !== "") {
    const ch = await conn.channel();
    try {
      await ch.exchangeDeclare(request.exchange, "direct", { passive: true });
    } catch {
      return c.json({ error: `exchange '${request.exchange}' does not exist` }, 404);
    } finally {
      if (!ch.closed) await ch.close().catch(() => {});
    }
  }

  const ids: string[] = [];
  const envelope = envelopeFactory({
    producerId: "monitor",
    host: Deno.hostname(),
    runId: crypto.randomUUID(),
    contentType: "text/plain",
    persistent: true,
    extraHeaders: request.headers,
  });
  const result = await publishMessages(conn, {
    exchange: request.exchange,
    routingKey: request.routingKey,
    count: request.count,
    body,
    properties: (seq) => {
      const props = envelope(seq);
      ids.push(props.messageId!);
      return props;
    },
    confirmWindow: PUBLISH_LIMITS.count,
    rate: 0,
  });
  if (result.error) return c.json({ error: explainBrokerError(result.error) }, 502);
  return c.json({
    published: result.published,
    confirmed: result.confirmed,
    nacked: result.nacked,
    returned: result.returned,
    message_ids: ids,
  });
}
