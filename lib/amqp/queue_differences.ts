/**
 * Every way an existing queue differs from the shape a run asks for. The broker names one
 * differing argument per refusal; this names them all (the scripts say them as flag changes).
 */
import { queueArguments, type QueueShape, type WorkQueueOptions } from "./topology.ts";

/** What the management API says of an existing queue. */
export interface ExistingQueue {
  durable: boolean;
  arguments?: Record<string, unknown>;
}

/** A setting a queue is declared with. */
export type QueueSetting =
  | "durable"
  | "lazy"
  | "queueType"
  | "priority"
  | "queueVersion"
  | "deliveryLimit"
  | "deadLetter"
  | "messageTtl";

/** Each setting by the broker's name for it (a queue argument, or `durable`). */
export const QUEUE_ARGUMENT_OF_SETTING: Readonly<Record<QueueSetting, string>> = {
  durable: "durable",
  lazy: "x-queue-mode",
  queueType: "x-queue-type",
  priority: "x-max-priority",
  queueVersion: "x-queue-version",
  deliveryLimit: "x-delivery-limit",
  deadLetter: "x-dead-letter-exchange",
  messageTtl: "x-message-ttl",
};

/** One way an existing queue differs from what a run asks for: the setting, and what it has. */
export interface QueueDifference {
  setting: QueueSetting;
  /** The existing queue's value: durable or not, its type, its TTL (undefined: none). */
  existing: boolean | string | number | undefined;
}

/**
 * Every setting in which `existing` differs from `wanted`, with the value it has.
 *
 * @example
 * ```ts
 * queueDifferences({ durable: false, arguments: { "x-queue-mode": "lazy" } },
 *   { durable: true, lazy: false, queueType: "classic", priority: false });
 * // [{ setting: "durable", existing: false }, { setting: "lazy", existing: true }]
 * ```
 */
export function queueDifferences(
  existing: ExistingQueue,
  wanted: QueueShape & WorkQueueOptions,
): QueueDifference[] {
  const args = existing.arguments ?? {};
  const asked = queueArguments(wanted);
  const changes: QueueDifference[] = [];
  const differs = (setting: QueueSetting, has: QueueDifference["existing"], wants: unknown) => {
    if (has !== wants) changes.push({ setting, existing: has });
  };
  differs("durable", existing.durable, wanted.durable);
  differs("lazy", args["x-queue-mode"] === "lazy", asked["x-queue-mode"] === "lazy");
  differs(
    "queueType",
    String(args["x-queue-type"] ?? "classic"),
    String(asked["x-queue-type"] ?? "classic"),
  );
  differs("priority", args["x-max-priority"] !== undefined, asked["x-max-priority"] !== undefined);
  const version = args["x-queue-version"];
  differs(
    "queueVersion",
    typeof version === "number" ? version : undefined,
    asked["x-queue-version"],
  );
  const limit = args["x-delivery-limit"];
  differs(
    "deliveryLimit",
    typeof limit === "number" ? limit : undefined,
    asked["x-delivery-limit"],
  );
  differs("deadLetter", args["x-dead-letter-exchange"] !== undefined, wanted.deadLetter ?? false);
  const ttl = args["x-message-ttl"];
  differs("messageTtl", typeof ttl === "number" ? ttl : undefined, wanted.messageTtlMs);
  return changes;
}
