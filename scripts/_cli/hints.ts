/**
 * The scripts' words for what a user changes: flag names, environment variables and tasks. The
 * library explains broker refusals plainly; the scripts pass these so the same explanation names
 * the flag to use ("run with --lazy", "deno task cleanup --queue q").
 */
import type { ManagementHints } from "../../lib/management/mod.ts";
import { closestName } from "../../lib/_util/mod.ts";
import { terminalSafe } from "../../lib/shared/mod.ts";
import type { MonitorAdvice } from "../../routes/_context.ts";
import {
  type ArgumentMismatch,
  type ConnectHints,
  type ErrorHints,
  QUEUE_ARGUMENT_OF_SETTING,
  type QueueDifference,
  type ShapeWords,
} from "../../lib/amqp/mod.ts";

/**
 * How a flag sets a queue or exchange setting: a switch (`--lazy`: on when present), a switch
 * that turns it off (`--transient-exchange`: durable unless present), a value (`--message-ttl
 * N`), a choice with a default (`--queue-type`, classic when absent), or a queue's durability,
 * which two flags ask for (`--durable`, `--transient-queues`): a run that gives neither takes
 * an existing queue's durability as it is, so a refusal names the one given.
 */
type FlagKind = "switch" | "off-switch" | "value" | "any-value" | "choice" | "durability";

/** Each setting the broker can find different, by its queue argument (or property) name. */
const SETTINGS: Record<string, { flag: string; kind: FlagKind; absent?: string }> = {
  "durable": { flag: "--transient-queues", kind: "durability" },
  "x-queue-mode": { flag: "--lazy", kind: "switch" },
  "x-queue-type": { flag: "--queue-type", kind: "choice", absent: "classic" },
  "x-max-priority": { flag: "--priority", kind: "any-value" },
  "x-queue-version": { flag: "--queue-version", kind: "value" },
  "x-delivery-limit": { flag: "--delivery-limit", kind: "value" },
  "x-dead-letter-exchange": { flag: "--dead-letter", kind: "switch" },
  "x-message-ttl": { flag: "--message-ttl", kind: "value" },
};

/** The exchange's settings, which share argument names with queues ("durable"). */
const EXCHANGE_SETTINGS: Record<string, { flag: string; kind: FlagKind; absent?: string }> = {
  "durable": { flag: "--transient-exchange", kind: "off-switch" },
  "type": { flag: "--exchange-type", kind: "choice", absent: "direct" },
};

/**
 * The flag change that gives a run the setting an existing queue or exchange has: "with
 * --lazy", "without --transient-queues", "with --message-ttl 500".
 */
function changeTo(
  setting: { flag: string; kind: FlagKind; absent?: string },
  existing: { has: boolean; value: string },
): string {
  const { flag, kind } = setting;
  switch (kind) {
    case "switch":
      return existing.has ? `with ${flag}` : `without ${flag}`;
    case "off-switch":
      return existing.has ? `without ${flag}` : `with ${flag}`;
    case "durability":
      return existing.has ? `without ${flag}` : "without --durable";
    case "value":
      return existing.has ? `with ${flag} ${existing.value}` : `without ${flag}`;
    case "any-value":
      return existing.has ? `with ${flag} N (any priority)` : `without ${flag}`;
    case "choice":
      return `with ${flag} ${existing.has ? existing.value : setting.absent}`;
  }
}

/**
 * Which way to change the flags so the run matches what exists: "run without --durable",
 * "run with --queue-type quorum".
 *
 * @example
 * ```ts
 * matchingFlags({ kind: "queue", name: "q", argument: "durable", received: "'false'", current: "'true'" });
 * // "run without --transient-queues"
 * ```
 */
export function matchingFlags(m: ArgumentMismatch): string {
  const setting = (m.kind === "exchange" ? EXCHANGE_SETTINGS : SETTINGS)[m.argument];
  if (!setting) return "run with matching settings";
  const value = m.current.replace(/^'|'$/g, "");
  return `run ${changeTo(setting, { has: value !== "none" && value !== "false", value })}`;
}

/** The flags that set a queue's shape, for `checkQueueShape`'s refusals. */
export const SHAPE_FLAGS: ShapeWords = {
  transient: "--transient-queues",
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

/**
 * The refusal for a queue that does not exist, with the closest name the vhost has besides
 * the one given (that one may have been created a moment later: no "did you mean" for it).
 *
 * @example
 * ```ts
 * missingQueueHint("work.queu", ["work.queue"]);
 * // "queue 'work.queu' does not exist (did you mean 'work.queue'?). Run produce first, or …"
 * ```
 */
export function missingQueueHint(queue: string, names: readonly string[]): string {
  const guess = closestName(queue, names.filter((name) => name !== queue));
  // The guess is a name someone else chose.
  const hint = guess ? ` (did you mean '${terminalSafe(guess)}'?)` : "";
  return `queue '${terminalSafe(queue)}' does not exist${hint}. ` +
    "Run produce first, or give --durable, --exchange or another topology flag to create it " +
    "as produce would";
}

/** How TLS settings are given, for certificate faults. */
const CLI_TLS_HINTS = {
  ca: "the CA that signed it with --ca FILE (or AMQP_CA_FILE)",
  clientCert: "--cert FILE and --key FILE",
};

/** The hints a script's connection passes: the broker hints, and what to do when none answers. */
export const CLI_CONNECT_HINTS: ConnectHints & { reconnectTimeout: string } = {
  ...CLI_HINTS,
  timeout: "--connect-timeout",
  reconnectTimeout: "--reconnect-timeout",
  noBroker: "Start RabbitMQ (deno task start does it for you) or point --url at one.",
  ...CLI_TLS_HINTS,
};

/**
 * The flag change that makes a run match an existing queue's setting.
 *
 * @example
 * ```ts
 * flagChange({ setting: "durable", existing: false }); // "without --durable"
 * flagChange({ setting: "queueType", existing: "quorum" }); // "with --queue-type quorum"
 * ```
 */
export function flagChange(d: QueueDifference): string {
  const has = d.existing !== false && d.existing !== undefined;
  return changeTo(SETTINGS[QUEUE_ARGUMENT_OF_SETTING[d.setting]], {
    has,
    value: String(d.existing),
  });
}

/** Where a script's user sets the management API's address and the credentials. */
export const CLI_MANAGEMENT_HINTS: ManagementHints = {
  managementUrl: "--management-url or MANAGEMENT_URL",
  credentials: "--url / AMQP_URL",
  ...CLI_TLS_HINTS,
};

/** What the monitor tells a browser it refuses, in the words of `deno task monitor`'s flags. */
export const CLI_MONITOR_ADVICE: MonitorAdvice = {
  readOnly: "started with --read-only",
  allowExchange: (exchange) =>
    `start the monitor with --publish-exchange '${exchange}' to allow it`,
  allowHost: "start it with --allowed-host NAME",
  otherPort: "choose another with --port",
};
