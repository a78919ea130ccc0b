/**
 * Every way an existing queue differs from the shape a run asks for, as the flag changes that
 * would match it. The broker names one differing argument per refusal; this names them all.
 */
import { queueArguments, type QueueShape, type WorkQueueOptions } from "./topology.ts";

/** What the management API says of an existing queue. */
export interface ExistingQueue {
  durable: boolean;
  arguments?: Record<string, unknown>;
}

/**
 * The flag changes that make a run match `existing`, one per differing setting.
 *
 * @example
 * ```ts
 * queueDifferences({ durable: false, arguments: { "x-queue-mode": "lazy" } },
 *   { durable: true, lazy: false, queueType: "classic", priority: false });
 * // ["without --durable", "with --lazy"]
 * ```
 */
export function queueDifferences(
  existing: ExistingQueue,
  wanted: QueueShape & WorkQueueOptions,
): string[] {
  const args = existing.arguments ?? {};
  const asked = queueArguments(wanted);
  const changes: string[] = [];
  if (existing.durable !== wanted.durable) {
    changes.push(existing.durable ? "with --durable" : "without --durable");
  }
  const lazy = args["x-queue-mode"] === "lazy";
  if (lazy !== (asked["x-queue-mode"] === "lazy")) {
    changes.push(lazy ? "with --lazy" : "without --lazy");
  }
  const type = String(args["x-queue-type"] ?? "classic");
  if (type !== String(asked["x-queue-type"] ?? "classic")) {
    changes.push(`with --queue-type ${type}`);
  }
  const priority = args["x-max-priority"] !== undefined;
  if (priority !== (asked["x-max-priority"] !== undefined)) {
    changes.push(priority ? "with --priority N" : "without --priority");
  }
  const deadLetter = args["x-dead-letter-exchange"] !== undefined;
  if (deadLetter !== (wanted.deadLetter ?? false)) {
    changes.push(deadLetter ? "with --dead-letter" : "without --dead-letter");
  }
  const ttl = args["x-message-ttl"];
  if (ttl !== wanted.messageTtlMs) {
    changes.push(ttl === undefined ? "without --message-ttl" : `with --message-ttl ${ttl}`);
  }
  return changes;
}
