/**
 * `POST /api/publish` with `{exchange, routing_key, body, headers?, count?, priority?,
 * expiration?, content_type?, persistent?}`, and the tutorials' publish service `POST
 * /publish/?message=TEXT` (the configured exchange and routing key): both publish with confirms
 * and answer once the broker confirmed, with the message ids. The publish service declares
 * its exchange first (direct, durable) when it does not exist yet, as the seed's service
 * does; the JSON API publishes only to an exchange that exists (a mistyped name is a 404).
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
  return await publishChecked(c, ctx, raw, { declareExchange: false });
}

/**
 * `POST /publish/?message=TEXT`: the tutorials' HTTP publish service. TEXT goes through the
 * monitor's configured exchange and routing key, the exchange declared (direct, durable) when
 * it does not exist yet; the answer carries its `message_id`.
 */
export async function POST_MESSAGE(c: Context, ctx: MonitorContext): Promise<Response> {
  const message = c.req.query("message");
  if (message === undefined) {
    return c.json({ error: "'message' is required: POST /publish/?message=TEXT" }, 400);
  }
  const answer = await publishChecked(c, ctx, {
    exchange: ctx.defaults.exchange,
    routing_key: ctx.defaults.routingKey,
    body: message,
  }, { declareExchange: true });
  return await unroutableRefused(answer);
}

/**
 * A message the broker returned reached no queue: to a curl user a 200 reads as delivered, so
 * the service answers 422 with the reason (the counts stay in the body). The publish form
 * reads the counts of `/api/publish` itself.
 */
async function unroutableRefused(answer: Response): Promise<Response> {
  if (answer.status !== 200) return answer;
  const body = await answer.clone().json();
  if (!body.returned) return answer;
  const error =
    `${body.returned} of ${body.published} message(s) reached no queue: exchange '${body.exchange}' ` +
    `has no binding for routing key '${body.routing_key}' (the broker returned ${
      body.returned === 1 ? "it" : "them"
    }); bind a queue to it with that key, or start the monitor with the --exchange and --routing-key a queue is bound with`;
  return Response.json({ error, ...body }, { status: 422, headers: answer.headers });
}

/**
 * Checks the request, the write scope and the client's budget, then publishes; with
 * `declareExchange`, a missing exchange is declared first, else refused.
 */
async function publishChecked(
  c: Context,
  ctx: MonitorContext,
  raw: unknown,
  options: { declareExchange: boolean },
): Promise<Response> {
  // A refused field is an HttpError (400, 413, 422): the app answers it with its status.
  const request = parsePublishRequest(raw);
  const refusal = ctx.scope.publishRefusal(request.exchange);
  if (refusal) return c.json({ error: refusal }, 403);
  const overBudget = spendBudget(c, ctx, request);
  if (overBudget) return overBudget;
  if (!options.declareExchange) {
    if (!(await exchangeExists(ctx, request.exchange))) {
      return c.json({ error: `exchange '${request.exchange}' does not exist` }, 404);
    }
    return await publish(c, ctx, request, false);
  }
  let declared: boolean;
  try {
    declared = await declareMissingExchange(ctx, request.exchange);
  } catch (error) {
    return c.json({ error: explainBrokerError(error, { exchange: request.exchange }) }, 502);
  }
  return await publish(c, ctx, request, declared);
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

/**
 * Declares `exchange` (direct, durable) when it does not exist; returns whether it did. Only
 * an exchange the write scope allows gets here. One that exists is left as it is, of
 * whatever type another client gave it.
 */
async function declareMissingExchange(ctx: MonitorContext, exchange: string): Promise<boolean> {
  if (await exchangeExists(ctx, exchange)) return false;
  const conn = await ctx.link.connection();
  const declare = await conn.channel();
  try {
    await declare.exchangeDeclare(exchange, "direct", { durable: true });
    return true;
  } finally {
    if (!declare.closed) await declare.close().catch(() => {});
  }
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

/**
 * Publishes the checked request with the monitor's envelope; answers with the message ids (and
 * `exchange_declared` when the exchange was declared for it).
 */
async function publish(
  c: Context,
  ctx: MonitorContext,
  request: PublishRequest,
  exchangeDeclared: boolean,
) {
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
    ...(exchangeDeclared ? { exchange_declared: true } : {}),
  });
}
