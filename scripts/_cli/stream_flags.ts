/**
 * The stream protocol flag group: which protocol reaches a stream (`--protocol`), where the
 * stream protocol listens (`--stream-url`, else learned from the management API), and the
 * names the broker keeps state under (`--producer-name` for deduplication, `--consumer-name`
 * for stored offsets).
 */
import { type Command, Option } from "commander";
import { UserError } from "../../lib/errors.ts";
import { learnStreamEndpoint, parseStreamUrl, type StreamEndpoint } from "../../lib/stream/mod.ts";
import { terminalSafe } from "../../lib/shared/mod.ts";
import type { BrokerConnection } from "./connection_flags.ts";

const HEADING = "Stream protocol:";

/** The protocols a stream is reached by. */
export const PROTOCOLS = ["amqp", "stream"] as const;

/** The stream flags as commander parsed them. */
export interface StreamFlagValues {
  protocol: (typeof PROTOCOLS)[number];
  streamUrl?: string;
  producerName?: string;
  consumerName?: string;
}

/**
 * Adds `--protocol`, `--stream-url` and the name the script keeps state under.
 *
 * @example
 * ```ts
 * addStreamFlags(command("produce", "…"), { role: "producer" });
 * ```
 */
export function addStreamFlags(program: Command, options: { role: "producer" | "consumer" }) {
  const flags = [
    new Option(
      "--protocol <protocol>",
      "AMQP 0-9-1, or RabbitMQ's stream protocol (with --queue-type stream; rabbitmq_stream plugin)",
    ).choices(PROTOCOLS).default("amqp"),
    new Option(
      "--stream-url <url>",
      "stream protocol: rabbitmq-stream://host:port (user, password and vhost of --url unless given) (default: the stream listener the management API names, on the host of --url)",
    ).env("STREAM_URL"),
    options.role === "producer"
      ? new Option(
        "--producer-name <name>",
        "stream protocol: the publisher's name the broker deduplicates by; a run after a reconnect sends only what it did not store (default: produce-<run id>)",
      )
      : new Option(
        "--consumer-name <name>",
        "stream protocol: store the offset on the broker under this name and go on from it when started again (default: none, nothing stored)",
      ),
  ];
  for (const flag of flags) program.addOption(flag.helpGroup(HEADING));
  return program;
}

/**
 * Produce's flags that have no meaning over the stream protocol, and whether each was given.
 *
 * @example
 * ```ts
 * producerFlagsOffStream({ publishers: 2, queues: 1 })["--publishers"]; // true
 * ```
 */
export function producerFlagsOffStream(flags: {
  publishers: number;
  queues?: number;
  priority?: number;
  expiration?: number;
  rate?: number;
}): Record<string, boolean> {
  return {
    "--publishers": flags.publishers > 1,
    "--queues": (flags.queues ?? 1) > 1,
    "--priority": flags.priority !== undefined,
    "--expiration": flags.expiration !== undefined,
    "--rate": (flags.rate ?? 0) > 0,
  };
}

/**
 * Consume's flags that have no meaning over the stream protocol, and whether each was given.
 *
 * @example
 * ```ts
 * consumerFlagsOffStream({ workMs: 0, deadLetter: true })["--dead-letter"]; // true
 * ```
 */
export function consumerFlagsOffStream(
  flags: { workMs: number; deadLetter: boolean },
): Record<string, boolean> {
  return { "--work-ms": flags.workMs > 0, "--dead-letter": flags.deadLetter };
}

/**
 * Refuses `--protocol stream` for anything but a stream, and flags that have no meaning over
 * it; `unsupported` maps a flag to whether it was given.
 */
export function checkStreamFlags(
  flags: StreamFlagValues & { queueType: string },
  unsupported: Record<string, boolean>,
): void {
  if (flags.protocol !== "stream") {
    const given = flags.streamUrl !== undefined
      ? "--stream-url"
      : flags.producerName !== undefined
      ? "--producer-name"
      : flags.consumerName !== undefined
      ? "--consumer-name"
      : undefined;
    if (given) throw new UserError(`${given} applies to --protocol stream only`);
    return;
  }
  if (flags.queueType !== "stream") {
    throw new UserError(
      `--protocol stream reaches streams only; add --queue-type stream (got --queue-type ${flags.queueType})`,
    );
  }
  const flag = Object.keys(unsupported).find((name) => unsupported[name]);
  if (flag) {
    throw new UserError(`${flag} does not apply over --protocol stream; use --protocol amqp`);
  }
}

/**
 * Where the stream protocol listens: `--stream-url`, else the management API's stream
 * listener. Throws a `UserError` saying how to get one when neither names it.
 */
export async function resolveStreamEndpoint(
  flags: StreamFlagValues,
  broker: BrokerConnection,
): Promise<StreamEndpoint> {
  const amqp = broker.amqp[0];
  if (flags.streamUrl !== undefined) return parseStreamUrl(flags.streamUrl, amqp, "--stream-url");
  const learned = await learnStreamEndpoint(amqp, broker.management);
  if (learned) return learned;
  throw new UserError(
    `--protocol stream: the management API (${
      terminalSafe(broker.management.baseUrls.join(", "))
    }) named no stream listener; enable the plugin (rabbitmq-plugins enable rabbitmq_stream) or give --stream-url`,
  );
}
