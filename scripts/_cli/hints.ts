/**
 * The scripts' words for what a user changes: flag names, environment variables and tasks. The
 * library explains broker refusals plainly; the scripts pass these so the same explanation names
 * the flag to use ("run with --lazy", "deno task cleanup --queue q").
 */
import type { ArgumentMismatch, ConnectHints, ErrorHints } from "../../lib/amqp/mod.ts";

/** Which flag sets each queue or exchange argument. */
const FLAG_FOR_ARGUMENT: Record<string, string> = {
  "durable": "--durable",
  "x-queue-mode": "--lazy",
  "x-queue-type": "--queue-type",
  "x-max-priority": "--priority",
  "type": "--exchange-type",
  "x-dead-letter-exchange": "--dead-letter",
  "x-message-ttl": "--message-ttl",
};

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

/** The hints every script passes when it explains a broker's refusal. */
export const CLI_HINTS: ErrorHints = {
  matchArgument: matchingFlags,
  remove: (kind, name) =>
    kind === "queue"
      ? `delete it (deno task cleanup --queue ${name})`
      : `delete it (deno task cleanup --exchange ${name}) or choose another --exchange`,
  url: "--url or AMQP_URL",
};

/** The hints a script's connection passes: the broker hints, and what to do when none answers. */
export const CLI_CONNECT_HINTS: ConnectHints & { reconnectTimeout: string } = {
  ...CLI_HINTS,
  timeout: "--connect-timeout",
  reconnectTimeout: "--reconnect-timeout",
  noBroker: "Start RabbitMQ (deno task start does it for you) or point --url at one.",
};
