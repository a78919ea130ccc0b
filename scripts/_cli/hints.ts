/**
 * The scripts' words for what a user changes: flag names, environment variables and tasks. The
 * library explains broker refusals plainly; the scripts pass these so the same explanation names
 * the flag to use ("run with --lazy", "deno task cleanup --queue q").
 */
import type { ManagementHints } from "../../lib/monitor/mod.ts";
import type {
  ArgumentMismatch,
  ConnectHints,
  ErrorHints,
  QueueDifference,
  ShapeWords,
} from "../../lib/amqp/mod.ts";

/** Which flag sets each queue or exchange argument. */
const FLAG_FOR_ARGUMENT: Record<string, string> = {
  "durable": "--transient-queues",
  "x-queue-mode": "--lazy",
  "x-queue-type": "--queue-type",
  "x-max-priority": "--priority",
  "x-queue-version": "--queue-version",
  "x-delivery-limit": "--delivery-limit",
  "type": "--exchange-type",
  "x-dead-letter-exchange": "--dead-letter",
  "x-message-ttl": "--message-ttl",
};

/**
 * Which way to change the flags so the run matches what exists: "run with --transient-queues",
 * "run with --queue-type quorum".
 *
 * @example
 * ```ts
 * matchingFlags({ kind: "queue", name: "q", argument: "durable", received: "'true'", current: "'false'" });
 * // "run with --transient-queues"
 * ```
 */
export function matchingFlags(m: ArgumentMismatch): string {
  const flag = FLAG_FOR_ARGUMENT[m.argument];
  if (!flag) return "run with matching settings";
  const current = m.current.replace(/^'|'$/g, "");
  const absent = current === "none" || current === "false";
  switch (m.argument) {
    case "durable":
      // Queues are durable unless --transient-queues; exchanges unless --transient-exchange.
      if (m.kind === "exchange") {
        return absent ? "run with --transient-exchange" : "run without --transient-exchange";
      }
      return absent ? "run with --transient-queues" : "run without --transient-queues";
    case "x-queue-mode":
    case "x-dead-letter-exchange":
      return absent ? `run without ${flag}` : `run with ${flag}`;
    case "x-message-ttl":
    case "x-queue-version":
    case "x-delivery-limit":
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

/** The flags that set a queue's shape, for `checkQueueShape`'s refusals. */
export const SHAPE_FLAGS: ShapeWords = {
  lazy: "--lazy",
  priority: "--priority",
  queueVersion: "--queue-version",
  deliveryLimit: "--delivery-limit",
};

/** The hints every script passes when it explains a broker's refusal. */
export const CLI_HINTS: ErrorHints = {
  matchArgument: matchingFlags,
  remove: (kind, name) =>
    kind === "queue"
      ? `delete it (deno task cleanup --queue ${name})`
      : `delete it (deno task cleanup --exchange ${name}) or choose another --exchange`,
  url: "--url or AMQP_URL",
  shapeWords: SHAPE_FLAGS,
  avoidFeature: (feature) =>
    feature === "transient_nonexcl_queues"
      ? "run without --transient-queues (queues are durable by default)"
      : undefined,
};

/** The hints a script's connection passes: the broker hints, and what to do when none answers. */
export const CLI_CONNECT_HINTS: ConnectHints & { reconnectTimeout: string } = {
  ...CLI_HINTS,
  timeout: "--connect-timeout",
  reconnectTimeout: "--reconnect-timeout",
  noBroker: "Start RabbitMQ (deno task start does it for you) or point --url at one.",
};

/**
 * The flag change that makes a run match an existing queue's setting.
 *
 * @example
 * ```ts
 * flagChange({ setting: "durable", existing: false }); // "with --transient-queues"
 * flagChange({ setting: "queueType", existing: "quorum" }); // "with --queue-type quorum"
 * ```
 */
export function flagChange(d: QueueDifference): string {
  const has = d.existing !== false && d.existing !== undefined;
  switch (d.setting) {
    case "durable":
      return has ? "without --transient-queues" : "with --transient-queues";
    case "lazy":
      return has ? "with --lazy" : "without --lazy";
    case "queueType":
      return `with --queue-type ${d.existing}`;
    case "priority":
      return has ? "with --priority N" : "without --priority";
    case "deadLetter":
      return has ? "with --dead-letter" : "without --dead-letter";
    case "messageTtl":
      return has ? `with --message-ttl ${d.existing}` : "without --message-ttl";
    case "queueVersion":
      return has ? `with --queue-version ${d.existing}` : "without --queue-version";
    case "deliveryLimit":
      return has ? `with --delivery-limit ${d.existing}` : "without --delivery-limit";
  }
}

/** Where a script's user sets the management API's address and the credentials. */
export const CLI_MANAGEMENT_HINTS: ManagementHints = {
  managementUrl: "--management-url or MANAGEMENT_URL",
  credentials: "--url / AMQP_URL",
};
