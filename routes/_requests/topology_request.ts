/**
 * What a request to change the topology may carry: a binding (`POST`/`DELETE /api/bindings`),
 * a queue (`PUT /api/queues/NAME`) or an exchange (`PUT /api/exchanges/NAME`) to declare. Bad
 * input is one {@linkcode HttpError} 400 naming the field and what is accepted.
 */
import { HttpError } from "../../lib/errors.ts";
import type {
  BindingSpec,
  ExchangeDeclaration,
  QueueDeclaration,
} from "../../lib/queue_actions/mod.ts";
import { nameProblem } from "./resource_name.ts";

type Body = Record<string, unknown>;

/** The JSON object a request sent, or 400. */
export function jsonObject(value: unknown): Body {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "send a JSON object as application/json");
  }
  return value as Body;
}

/**
 * A binding from `{source, destination, destination_type, routing_key, arguments}`.
 *
 * @example
 * ```ts
 * parseBinding({ source: "a", destination: "q", destination_type: "queue", routing_key: "k" });
 * ```
 */
export function parseBinding(value: unknown): BindingSpec {
  const body = jsonObject(value);
  const source = name(body, "source", "exchange");
  if (source === "") throw new HttpError(400, "'source': the default exchange cannot be bound");
  const destinationType = body.destination_type ?? "queue";
  if (destinationType !== "queue" && destinationType !== "exchange") {
    throw new HttpError(400, "'destination_type' takes 'queue' or 'exchange'");
  }
  const destination = name(body, "destination", destinationType);
  if (destination === "") throw new HttpError(400, "'destination' is required");
  const routingKey = body.routing_key ?? "";
  if (typeof routingKey !== "string") throw new HttpError(400, "'routing_key' takes a string");
  const args = body.arguments ?? {};
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new HttpError(400, "'arguments' takes an object of header names to values");
  }
  const match = (args as Body)["x-match"];
  if (match !== undefined && !["all", "any", "all-with-x", "any-with-x"].includes(String(match))) {
    throw new HttpError(400, "'arguments.x-match' takes all, any, all-with-x or any-with-x");
  }
  return { source, destination, destinationType, routingKey, arguments: args as Body };
}

/** The queue types and the arguments each takes besides the common ones. */
const QUEUE_TYPES = ["classic", "quorum", "stream"] as const;

/** Friendly fields of `PUT /api/queues/NAME` and the `x-` arguments they set. */
const QUEUE_ARGUMENTS: Record<string, { arg: string; kind: "string" | "count" }> = {
  dead_letter_exchange: { arg: "x-dead-letter-exchange", kind: "string" },
  dead_letter_routing_key: { arg: "x-dead-letter-routing-key", kind: "string" },
  message_ttl: { arg: "x-message-ttl", kind: "count" },
  max_length: { arg: "x-max-length", kind: "count" },
  overflow: { arg: "x-overflow", kind: "string" },
  delivery_limit: { arg: "x-delivery-limit", kind: "count" },
  max_age: { arg: "x-max-age", kind: "string" },
};

/**
 * A queue from `{type, durable, dead_letter_exchange, dead_letter_routing_key, message_ttl,
 * max_length, overflow, delivery_limit, max_age}`.
 *
 * @example
 * ```ts
 * parseQueueDeclaration("orders", { type: "quorum", delivery_limit: 5 });
 * ```
 */
export function parseQueueDeclaration(queue: string, value: unknown): QueueDeclaration {
  const body = jsonObject(value);
  checkName("queue", queue);
  if (queue === "" || queue.startsWith("amq.")) {
    throw new HttpError(400, "queue name: give one that is not empty and not amq.*");
  }
  const type = body.type ?? "classic";
  if (!QUEUE_TYPES.includes(type as typeof QUEUE_TYPES[number])) {
    throw new HttpError(400, `'type' takes ${QUEUE_TYPES.join(", ")}`);
  }
  const durable = body.durable ?? true;
  if (typeof durable !== "boolean") throw new HttpError(400, "'durable' takes true or false");
  if (type !== "classic" && !durable) {
    throw new HttpError(400, `'durable': a ${type} queue is always durable`);
  }
  const args: Record<string, string | number> = {};
  for (const [field, { arg, kind }] of Object.entries(QUEUE_ARGUMENTS)) {
    const v = body[field];
    // "" is the default exchange as a dead-letter exchange; elsewhere it means "not set".
    if (v === undefined || v === null || (v === "" && field !== "dead_letter_exchange")) continue;
    if (kind === "count" && !(Number.isInteger(v) && (v as number) >= 0)) {
      throw new HttpError(400, `'${field}' takes a whole number, 0 or more`);
    }
    if (kind === "string" && typeof v !== "string") {
      throw new HttpError(400, `'${field}' takes a string`);
    }
    args[arg] = v as string | number;
  }
  const overflow = args["x-overflow"];
  if (overflow && !["drop-head", "reject-publish", "reject-publish-dlx"].includes(`${overflow}`)) {
    throw new HttpError(400, "'overflow' takes drop-head, reject-publish or reject-publish-dlx");
  }
  if (args["x-delivery-limit"] !== undefined && type !== "quorum") {
    throw new HttpError(400, "'delivery_limit' is for quorum queues");
  }
  if (args["x-max-age"] !== undefined && type !== "stream") {
    throw new HttpError(400, "'max_age' is for streams (such as 7D, 12h, 30m)");
  }
  if (args["x-max-age"] !== undefined && !/^\d+(Y|M|D|h|m|s)$/.test(`${args["x-max-age"]}`)) {
    throw new HttpError(400, "'max_age' takes a number and a unit: Y, M, D, h, m or s (7D)");
  }
  return { name: queue, type: type as QueueDeclaration["type"], durable, arguments: args };
}

const EXCHANGE_TYPES = ["direct", "fanout", "topic", "headers"] as const;

/**
 * An exchange from `{type, durable, auto_delete, internal, alternate_exchange}`.
 *
 * @example
 * ```ts
 * parseExchangeDeclaration("events", { type: "topic" });
 * ```
 */
export function parseExchangeDeclaration(exchange: string, value: unknown): ExchangeDeclaration {
  const body = jsonObject(value);
  checkName("exchange", exchange);
  if (exchange === "" || exchange.startsWith("amq.")) {
    throw new HttpError(400, "exchange name: give one that is not empty and not amq.*");
  }
  const type = body.type ?? "direct";
  if (!EXCHANGE_TYPES.includes(type as typeof EXCHANGE_TYPES[number])) {
    throw new HttpError(400, `'type' takes ${EXCHANGE_TYPES.join(", ")}`);
  }
  const flag = (field: string, fallback: boolean): boolean => {
    const v = body[field] ?? fallback;
    if (typeof v !== "boolean") throw new HttpError(400, `'${field}' takes true or false`);
    return v;
  };
  const alternate = body.alternate_exchange ?? "";
  if (typeof alternate !== "string") {
    throw new HttpError(400, "'alternate_exchange' takes an exchange name");
  }
  if (alternate) checkName("exchange", alternate);
  return {
    name: exchange,
    type: type as ExchangeDeclaration["type"],
    durable: flag("durable", true),
    autoDelete: flag("auto_delete", false),
    internal: flag("internal", false),
    alternateExchange: alternate || undefined,
  };
}

/** A name field of `body`, checked as the broker counts names. */
function name(body: Body, field: string, kind: "queue" | "exchange"): string {
  const v = body[field];
  if (typeof v !== "string") throw new HttpError(400, `'${field}' takes the ${kind}'s name`);
  checkName(kind, v);
  return v;
}

function checkName(kind: "queue" | "exchange", value: string): void {
  const problem = nameProblem(kind, value);
  if (problem) throw new HttpError(400, problem);
}
