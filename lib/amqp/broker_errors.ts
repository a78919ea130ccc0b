import { messageOf } from "../_util/mod.ts";
/**
 * Turns the broker's terse error replies into sentences a user can act on.
 */

/** Which flag sets each queue or exchange property, for the "how to match" hint. */
const FLAG_FOR_ARGUMENT: Record<string, string> = {
  "durable": "--durable",
  "x-queue-mode": "--lazy",
  "x-queue-type": "--queue-type",
  "x-max-priority": "--priority",
  "type": "--exchange-type",
  "x-dead-letter-exchange": "--dead-letter",
  "x-message-ttl": "--message-ttl",
};

/** A parsed "inequivalent arg" refusal from the broker (PRECONDITION_FAILED on a declare). */
export interface ArgumentMismatch {
  kind: "queue" | "exchange";
  name: string;
  argument: string;
  received: string;
  current: string;
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
  return {
    argument: m[1],
    kind: m[2] as "queue" | "exchange",
    name: m[3],
    received: describeValue(m[4]),
    current: describeValue(m[5]),
  };
}

/**
 * Which way to change the flags so the run matches what exists: "run without --durable", "run
 * with --queue-type quorum".
 *
 * @example
 * ```ts
 * matchingFlags({ kind: "queue", name: "q", argument: "durable", received: "'true'", current: "'false'" });
 * // "run without --durable"
 * ```
 */
export function matchingFlags(m: ArgumentMismatch): string {
  const flag = FLAG_FOR_ARGUMENT[m.argument];
  if (!flag) return "run with matching settings";
  const current = m.current.replace(/^'|'$/g, "");
  const absent = current === "none" || current === "false";
  switch (m.argument) {
    case "durable":
    case "x-queue-mode":
    case "x-dead-letter-exchange":
      return absent ? `run without ${flag}` : `run with ${flag}`;
    case "x-message-ttl":
      return absent ? `run without ${flag}` : `run with ${flag} ${current}`;
    case "x-max-priority":
      return absent ? `run without ${flag}` : `run with ${flag} N (any priority)`;
    case "x-queue-type":
      return `run with ${flag} ${absent ? "classic" : current}`;
    case "type":
      return `run with ${flag} ${current}`;
  }
  return `run with the flags that match (${flag})`;
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
  context: {
    endpoint?: string;
    queue?: string;
    exchange?: string;
    /** How the caller's user sets the message size (a script passes "--size"). */
    sizeHint?: string;
  } = {},
): string {
  const text = messageOf(error);
  const where = context.endpoint ? ` at ${context.endpoint}` : "";

  const mismatch = parseArgumentMismatch(text);
  if (mismatch) {
    const match = matchingFlags(mismatch);
    const remove = mismatch.kind === "queue"
      ? `delete it (deno task cleanup --queue ${mismatch.name})`
      : `delete it (deno task cleanup --exchange ${mismatch.name}) or choose another --exchange`;
    return `${mismatch.kind} '${mismatch.name}' already exists with ${mismatch.argument}=${mismatch.current}` +
      `, but this run asks for ${mismatch.argument}=${mismatch.received}. Either ${match}, ` +
      `or ${remove} so this run can create it.`;
  }
  if (text.includes("ACCESS_REFUSED") && /login|auth|PLAIN/i.test(text)) {
    return `the broker${where} refused the user name or password (ACCESS_REFUSED). ` +
      `Check the credentials in --url or AMQP_URL; note that RabbitMQ lets 'guest' log in from localhost only.`;
  }
  if (text.includes("ACCESS_REFUSED")) {
    return `the broker${where} denied access: ${stripCode(text)}. Grant the user permissions ` +
      `on this vhost (rabbitmqctl set_permissions) or use another user.`;
  }
  if (/NOT_ALLOWED.*vhost/i.test(text)) {
    return `the broker${where} has no vhost by that name, or the user may not use it ` +
      `(${stripCode(text)}). Check the vhost at the end of --url.`;
  }
  const tooBig = text.match(/message size (\d+) is larger than configured max size (\d+)/);
  if (tooBig) {
    const limit = `the broker's maximum message size of ${
      tooBig[2]
    } bytes (max_message_size in rabbitmq.conf)`;
    return context.sizeHint
      ? `${context.sizeHint} ${tooBig[1]} is above ${limit}; use a smaller ${context.sizeHint}.`
      : `a message of ${tooBig[1]} bytes is above ${limit}; send a smaller one.`;
  }
  const notFound = text.match(/NOT_FOUND - no (queue|exchange) '([^']*)'/);
  if (notFound) {
    return `${notFound[1]} '${notFound[2]}' does not exist on the broker${where}.`;
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
