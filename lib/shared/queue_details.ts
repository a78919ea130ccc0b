/**
 * The figures a queue's own page adds to its card: message bytes, memory, consumer
 * utilisation and, for a quorum queue, its delivery limit and where that limit comes from.
 * Read from the single-queue answer of the management API (listings do not carry them).
 */

/** Where a quorum queue's delivery limit comes from. */
export type DeliveryLimitSource = "argument" | "policy" | "default" | "none";

/** A quorum queue's delivery limit: after this many deliveries a message is dropped or dead-lettered. */
export interface DeliveryLimit {
  /** The limit in force; undefined when there is none (unlimited). */
  value?: number;
  /** `argument` (x-delivery-limit), `policy` (delivery-limit), `default` (the broker's own, 4.0+), `none`. */
  source: DeliveryLimitSource;
}

/** The figures of one queue's page beyond its card. */
export interface QueueDetails {
  /** Bytes of the message bodies ready for delivery. */
  bytesReady: number;
  /** Bytes of the message bodies delivered and not yet acknowledged. */
  bytesUnacked: number;
  /** Bytes of every message body in the queue. */
  bytes: number;
  /** Memory the queue's process uses, in bytes. */
  memory?: number;
  /** Share of time the consumers could take messages at once (0–1); undefined without consumers. */
  consumerUtilisation?: number;
  /** Quorum queues only. */
  deliveryLimit?: DeliveryLimit;
  /** Quorum queues on 4.x: ready messages that were delivered before and returned. */
  returned?: number;
}

/** The single-queue answer's fields the details are read from. */
export interface QueueDetailFields {
  type?: string;
  consumers?: number;
  arguments?: Record<string, unknown>;
  effective_policy_definition?: Record<string, unknown>;
  message_bytes?: number;
  message_bytes_ready?: number;
  message_bytes_unacknowledged?: number;
  memory?: number;
  consumer_utilisation?: number | null;
  /** 4.x quorum queues: the effective delivery limit. */
  delivery_limit?: number | string;
  /** 4.x quorum queues: ready messages returned after a delivery. */
  messages_ready_returned?: number;
}

/**
 * The queue's details, or undefined when the answer lacks them (a listing's columns).
 *
 * @example
 * ```ts
 * queueDetails({ type: "quorum", arguments: {}, message_bytes: 0, message_bytes_ready: 0,
 *   message_bytes_unacknowledged: 0, delivery_limit: 20 })?.deliveryLimit;
 * // { value: 20, source: "default" }
 * ```
 */
export function queueDetails(q: QueueDetailFields): QueueDetails | undefined {
  if (q.message_bytes_ready === undefined) return undefined;
  const ready = q.message_bytes_ready ?? 0;
  const unacked = q.message_bytes_unacknowledged ?? 0;
  return {
    bytesReady: ready,
    bytesUnacked: unacked,
    bytes: q.message_bytes ?? ready + unacked,
    memory: q.memory,
    // The broker reports 0 (or null) without consumers: that is "no figure", not "idle".
    consumerUtilisation: q.consumers ? (q.consumer_utilisation ?? undefined) : undefined,
    deliveryLimit: q.type === "quorum" ? deliveryLimit(q) : undefined,
    returned: q.type === "quorum" ? q.messages_ready_returned : undefined,
  };
}

/**
 * A quorum queue's delivery limit. 4.x reports the effective value (`delivery_limit`, 20 by
 * default); 3.x reports none, so the lower of the argument and the policy applies, or none.
 */
export function deliveryLimit(q: QueueDetailFields): DeliveryLimit {
  const argument = limitOf(q.arguments?.["x-delivery-limit"]);
  const policy = limitOf(q.effective_policy_definition?.["delivery-limit"]);
  const source: DeliveryLimitSource =
    argument !== undefined && (policy === undefined || argument <= policy)
      ? "argument"
      : policy !== undefined
      ? "policy"
      : q.delivery_limit !== undefined
      ? "default"
      : "none";
  if (q.delivery_limit !== undefined) {
    const value = limitOf(q.delivery_limit);
    // A negative limit (or "unlimited") turns the limit off on 4.x.
    return { value: value !== undefined && value >= 0 ? value : undefined, source };
  }
  const value = source === "argument" ? argument : source === "policy" ? policy : undefined;
  return { value: value !== undefined && value >= 0 ? value : undefined, source };
}

function limitOf(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
