/**
 * `POST /api/publish` with `{exchange, routing_key, body, headers?, count?, priority?,
 * expiration?, content_type?, persistent?}`, and the tutorials' publish service `POST
 * /publish/?message=TEXT` (the configured exchange and routing key): both publish with confirms
 * and answer once the broker confirmed, with the message ids.
 */
import type { Context } from "hono";
import { explainBrokerError } from "../../lib/amqp/mod.ts";
import { envelopeFactory, publishMessages } from "../../lib/messaging/mod.ts";
import {
  parsePublishRequest,
  PUBLISH_LIMITS,
  type PublishRequest,
} from "../_requests/publish_request.ts";
import { clientOf, type MonitorContext } from "../_context.ts";

/** What one client may publish through the monitor per minute. */
export const PUBLISH_RATE = { messages: 10_000, bytes: 16 * 1024 * 1024 } as const;

/** `POST /api/publish`: a JSON request. */
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
  return await publishChecked(c, ctx, raw);
}

/**
 * `POST /publish/?message=TEXT`: the tutorials' HTTP publish service. TEXT goes through the
 * monitor's configured exchange and routing key; the answer carries its `message_id`.
 */
export async function POST_MESSAGE(c: Context, ctx: MonitorContext): Promise<Response> {
  const message = c.req.query("message");
  if (message === undefined) {
    return c.json({ error: "'message' is required: POST /publish/?message=TEXT" }, 400);
  }
  return await publishChecked(c, ctx, {
    exchange: ctx.defaults.exchange,
    routing_key: ctx.defaults.routingKey,
    body: message,
  });
}

/** Checks the request, the write scope and the client's budget, then publishes. */
async function publishChecked(c: Context, ctx: MonitorContext, raw: unknown): Promise<Response> {
  // A refused field is an HttpError (400, 413, 422): the app answers it with its status.
  const request = parsePublishRequest(raw);
  const refusal = ctx.scope.publishRefusal(request.exchange);
  if (refusal) return c.json({ error: refusal }, 403);
  const overBudget = spendBudget(c, ctx, request);
  if (overBudget) return overBudget;
  if (!(await exchangeExists(ctx, request.exchange))) {
    return c.json({ error: `exchange '${request.exchange}' does not exist` }, 404);
  }
  return await publish(c, ctx, request);
}

/** Spends the client's per-minute budget, or answers 429 (a refused request costs nothing). */
function spendBudget(c: Context, ctx: MonitorContext, request: PublishRequest): Response | void {
  const client = clientOf(c);
  const bytes = request.count * new TextEncoder().encode(request.body).length;
  const { publishedMessages, publishedBytes } = ctx.limits;
  // Both budgets are checked before either is spent.
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
}

/** Whether `exchange` exists (the default exchange always does). */
async function exchangeExists(ctx: MonitorContext, exchange: string): Promise<boolean> {
  if (exchange === "") return true;
  const conn = await ctx.link.connection();
  const ch = await conn.channel();
  try {
    await ch.exchangeDeclare(exchange, "direct", { passive: true });
    return true;
  } catch {
    return false;
  } finally {
    if (!ch.closed) await ch.close().catch(() => {});
  }
}

/** Publishes the checked request with the monitor's envelope; answers with the message ids. */
async function publish(c: Context, ctx: MonitorContext, request: PublishRequest) {
  const ids: string[] = [];
  const envelope = envelopeFactory({
    producerId: "monitor",
    host: Deno.hostname(),
    contentType: request.contentType,
    persistent: request.persistent,
    priority: request.priority,
    expirationMs: request.expirationMs,
    extraHeaders: request.headers,
  });
  const result = await publishMessages(await ctx.link.connection(), {
    exchange: request.exchange,
    routingKey: request.routingKey,
    count: request.count,
    body: new TextEncoder().encode(request.body),
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
    exchange: request.exchange,
    routing_key: request.routingKey,
    message_id: ids[0],
    message_ids: ids,
  });
}
