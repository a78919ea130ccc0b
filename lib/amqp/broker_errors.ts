import { messageOf } from "../_util/mod.ts";
import { terminalSafe } from "../shared/terminal_text.ts";
/**
 * Turns the broker's terse error replies into sentences a user can act on.
 */

/**
 * How the caller's user changes what an explanation points at (a script names its flags and
 * tasks; the web monitor says it plainly). Each part that is absent is said in plain words.
 */
export interface ErrorHints {
  /** How to ask for the value that exists: "run with --lazy". */
  matchArgument?: (mismatch: ArgumentMismatch) => string;
  /** How to delete a queue or an exchange: "delete it (deno task cleanup --queue q)". */
  remove?: (kind: "queue" | "exchange", name: string) => string;
  /** Where the credentials and the vhost are set: "--url or AMQP_URL". */
  url?: string;
  /** How the message size is set: "--size". */
  size?: string;
  /** How the queue shape settings are named: `{ lazy: "--lazy", … }`. */
  shapeWords?: ShapeWords;
  /** How to stop using a deprecated feature the broker denies: "drop --transient-queues". */
  avoidFeature?: (feature: string) => string | undefined;
}

/** How the caller's user names the queue shape settings (a script: its flags). */
export interface ShapeWords {
  /** Non-durable queues: "--transient-queues". */
  transient: string;
  /** Lazy mode (`x-queue-mode`): "--lazy". */
  lazy: string;
  /** Priority queues (`x-max-priority`): "--priority". */
  priority: string;
  /** Classic queue storage version (`x-queue-version`): "--queue-version". */
  queueVersion: string;
  /** Quorum queue delivery limit (`x-delivery-limit`): "--delivery-limit". */
  deliveryLimit: string;
}

/** A parsed "inequivalent arg" refusal from the broker (PRECONDITION_FAILED on a declare). */
export interface ArgumentMismatch {
  /** What was declared. */
  kind: "queue" | "exchange";
  /** Its name. */
  name: string;
  /** The argument that differs: `durable`, `x-queue-mode`, `type`, … */
  argument: string;
  /** What this declare asked for, as the broker quotes it (`'true'`, `none`). */
  received: string;
  /** What the existing one has, as the broker quotes it. */
  current: string;
  /**
   * What the existing one has, as a value a declare can carry: `null` for none, a string, a
   * number or a boolean by the type the broker names; absent when its type is not one of those.
   */
  existing?: string | number | boolean | null;
}

/**
 * Parses RabbitMQ's "inequivalent arg" text, e.g. `PRECONDITION_FAILED - inequivalent arg
 * 'x-queue-mode' for queue 'work.queue' in vhost '/': received none but current is the value
 * 'lazy' of type 'longstr'`.
 *
 * @example
 * ```ts
 * parseArgumentMismatch("inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true'")
 *   ?.argument; // "durable"
 * ```
 */
export function parseArgumentMismatch(text: string): ArgumentMismatch | undefined {
  const m = text.match(
    /inequivalent arg '([^']+)' for (queue|exchange) '([^']*)' in vhost '[^']*': received (.+?) but current is (.+?)(?: \(\d+\))?$/,
  );
  if (!m) return undefined;
  const mismatch: ArgumentMismatch = {
    argument: m[1],
    kind: m[2] as "queue" | "exchange",
    name: m[3],
    received: describeValue(m[4]),
    current: describeValue(m[5]),
  };
  const existing = valueOf(m[5]);
  if (existing !== undefined) mismatch.existing = existing;
  return mismatch;
}

/** AMQP field types the broker names, read as numbers. */
const NUMBER_TYPES = new Set([
  "byte",
  "unsignedbyte",
  "short",
  "unsignedshort",
  "signedint",
  "unsignedint",
  "long",
]);

/**
 * The value the broker quotes, typed: "none" -> null, "'false'" -> false (durability),
 * "the value '10' of type 'byte'" -> 10, "the value 'quorum' of type 'longstr'" -> "quorum".
 * RabbitMQ 4.x quotes some values bare ("'quorum'"): whole numbers are read as numbers there.
 */
function valueOf(text: string): string | number | boolean | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "none") return null;
  if (trimmed === "'true'" || trimmed === "'false'") return trimmed === "'true'";
  const quoted = trimmed.match(/^'([^']*)'$/);
  if (quoted) return /^-?\d+$/.test(quoted[1]) ? Number(quoted[1]) : quoted[1];
  const m = trimmed.match(/^the value '(.*)' of type '([^']+)'$/);
  if (!m) return undefined;
  const [, value, type] = m;
  if (type === "longstr" || type === "shortstr") return value;
  if (type === "bool") return value === "true";
  if (NUMBER_TYPES.has(type) && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** "the value 'lazy' of type 'longstr'" -> "'lazy'"; "none" -> "none"; "'true'" -> "'true'". */
function describeValue(text: string): string {
  const m = text.match(/^the value (.+?) of type '[^']+'$/);
  return (m ? m[1] : text).trim();
}

/**
 * One actionable sentence for a broker or network error, given what was being done.
 *
 * @example
 * ```ts
 * explainBrokerError(new Error("connection closed: ACCESS_REFUSED - Login was refused (403)"),
 *   { endpoint: "amqp://guest:***@localhost:5672/" });
 * ```
 */
export function explainBrokerError(
  error: unknown,
  context: BrokerErrorContext = {},
): string {
  // The broker's text quotes names and values other clients chose: the sentence is made safe
  // for a terminal whole (names are cut one by one where they are quoted).
  return terminalSafe(explain(error, context), { maxLength: Infinity });
}

/** What was being done when a broker error came, for {@linkcode explainBrokerError}. */
export interface BrokerErrorContext {
  endpoint?: string;
  queue?: string;
  exchange?: string;
  /** The caller's words for what to change (see {@linkcode ErrorHints}). */
  hints?: ErrorHints;
}

function explain(error: unknown, context: BrokerErrorContext): string {
  const text = messageOf(error);
  const where = context.endpoint ? ` at ${context.endpoint}` : "";
  const hints = context.hints ?? {};
  const url = hints.url ?? "the connection URL";

  const parsed = parseArgumentMismatch(text);
  if (parsed) {
    const mismatch = { ...parsed, name: terminalSafe(parsed.name) };
    const match = hints.matchArgument?.(mismatch) ?? "declare it with the settings it has";
    const remove = hints.remove?.(mismatch.kind, mismatch.name) ?? "delete it";
    return `${mismatch.kind} '${mismatch.name}' already exists with ${mismatch.argument}=${mismatch.current}` +
      `, but this run asks for ${mismatch.argument}=${mismatch.received}. Either ${match}, ` +
      `or ${remove} so this run can create it.`;
  }
  if (text.includes("ACCESS_REFUSED") && /login|auth|PLAIN/i.test(text)) {
    return `the broker${where} refused the user name or password (ACCESS_REFUSED). ` +
      `Check the credentials in ${url}; note that RabbitMQ lets 'guest' log in from localhost only.`;
  }
  if (text.includes("ACCESS_REFUSED")) {
    return `the broker${where} denied access: ${stripCode(text)}. Grant the user permissions ` +
      `on this vhost (rabbitmqctl set_permissions) or use another user.`;
  }
  if (/NOT_ALLOWED.*vhost/i.test(text)) {
    return `the broker${where} has no vhost by that name, or the user may not use it ` +
      `(${stripCode(text)}). Check the vhost at the end of ${url}.`;
  }
  const tooBig = text.match(/message size (\d+) is larger than configured max size (\d+)/);
  if (tooBig) {
    const limit = `the broker's maximum message size of ${
      tooBig[2]
    } bytes (max_message_size in rabbitmq.conf)`;
    return hints.size
      ? `${hints.size} ${tooBig[1]} is above ${limit}; use a smaller ${hints.size}.`
      : `a message of ${tooBig[1]} bytes is above ${limit}; send a smaller one.`;
  }
  // RabbitMQ 4.x: a deprecated feature the broker's configuration no longer permits.
  const deprecated = text.match(/Feature \x60([^\x60]+)\x60 is deprecated/); // \x60: a backtick
  if (deprecated) {
    const feature = deprecated[1];
    const avoid = hints.avoidFeature?.(feature);
    return `the broker${where} does not permit the deprecated feature ${feature} ` +
      `(deprecated_features.permit.${feature} = false)${avoid ? `: ${avoid}` : ""}.`;
  }
  const notFound = text.match(/NOT_FOUND - no (queue|exchange) '([^']*)'/);
  if (notFound) {
    return `${notFound[1]} '${terminalSafe(notFound[2])}' does not exist on the broker${where}.`;
  }
  if (/ECONNREFUSED|Connection refused|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT/i.test(text)) {
    return `no RabbitMQ broker answered${where} (${stripCode(text)}).`;
  }
  return stripCode(text);
}

/** Drops the library's "channel N closed: " prefix and the trailing "(406)" code. */
function stripCode(text: string): string {
  return text.replace(/^(channel \d+ closed|connection closed): /i, "").replace(/ \(\d+\)$/, "");
}
