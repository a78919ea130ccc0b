/**
 * The delivery flag group: how a consumer takes messages (prefetch, ack batching, auto-ack),
 * and for consume, when its run ends.
 */
import { type Command, Option } from "commander";
import { UserError } from "../../lib/errors.ts";
import type { DeliverySettings } from "../../lib/messaging/mod.ts";
import { integer } from "./flags.ts";

const HEADING = "Delivery:";
/** The ack batch when the prefetch allows it: one multi-ack per 100 handled messages. */
const ACK_BATCH = 100;

/** The delivery flags as commander parsed them. */
export interface DeliveryFlagValues {
  prefetch: number;
  /** Absent until {@linkcode checkDeliveryFlags}: then follows the prefetch. */
  ackEvery: number;
  /** Milliseconds a handled message waits at most for its ack. */
  ackInterval: number;
  autoAck: boolean;
  expect: number;
  idleTimeout: number;
}

/**
 * Adds `--prefetch`, `--ack-every`, `--ack-interval`, `--auto-ack`, and with `ending` consume's `--expect` and
 * `--idle-timeout`.
 *
 * @example
 * ```ts
 * addDeliveryFlags(command("consume", "…"), { ending: true });
 * ```
 */
export function addDeliveryFlags(program: Command, options: { ending: boolean }): Command {
  const flags = [
    new Option("--prefetch <n>", "unacked messages the broker may send ahead, per consumer")
      .argParser(integer({ min: 1, max: 65_535 })).default(1_000),
    new Option(
      "--ack-every <n>",
      `one multi-ack per N handled messages, and at least every --ack-interval (default: ${ACK_BATCH}, or --prefetch when smaller)`,
    ).argParser(integer({ min: 1, max: 65_535 })),
    new Option(
      "--ack-interval <ms>",
      "the longest a handled message waits for its ack when fewer than --ack-every are waiting",
    ).argParser(integer({ min: 10, max: 60_000 })).default(200),
    new Option(
      "--auto-ack",
      "let the broker count a message done when it is sent (no acks; a crash loses what was in flight)",
    ).default(false),
  ];
  if (options.ending) {
    flags.push(
      new Option(
        "--expect <n>",
        "stop after N messages, then exit 0; ending short of N exits 1 (130 on Ctrl+C). 0 = until Ctrl+C",
      ).argParser(integer({ min: 0 })).default(0),
      new Option(
        "--idle-timeout <seconds>",
        "stop when no message arrived for this long (0 = wait for ever)",
      ).argParser(integer({ min: 0, max: 86_400 })).default(0),
    );
  }
  for (const flag of flags) program.addOption(flag.helpGroup(HEADING));
  return program;
}

/**
 * Fills in the ack batch from the prefetch and checks the two together. `--prefetch 1` (fair
 * dispatch) acks every message.
 *
 * @example
 * ```ts
 * const flags = { prefetch: 10, autoAck: false } as DeliveryFlagValues;
 * checkDeliveryFlags(flags); // flags.ackEvery === 10
 * ```
 */
export function checkDeliveryFlags(
  flags: Pick<DeliveryFlagValues, "prefetch" | "ackEvery" | "autoAck">,
): void {
  flags.ackEvery ??= Math.min(ACK_BATCH, flags.prefetch);
  if (flags.ackEvery > flags.prefetch && !flags.autoAck) {
    throw new UserError(
      `--ack-every (${flags.ackEvery}) must not exceed --prefetch (${flags.prefetch}): the broker stops sending at the prefetch`,
    );
  }
}

/**
 * What a consumer takes from the delivery flags.
 *
 * @example
 * ```ts
 * new Consumer(conn, { queue, ...deliveryOf(flags), expect: 0, maxRetries: 3, handler });
 * ```
 */
export function deliveryOf(
  flags: Pick<DeliveryFlagValues, "prefetch" | "ackEvery" | "ackInterval" | "autoAck">,
): DeliverySettings {
  return {
    prefetch: flags.prefetch,
    ackEvery: flags.ackEvery,
    ackIntervalMs: flags.ackInterval,
    autoAck: flags.autoAck,
  };
}
