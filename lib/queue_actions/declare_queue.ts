/**
 * Declaring a queue through the management API: its type, durability and the common
 * arguments (dead-lettering, TTL, length limit and overflow, delivery limit, max age).
 */
import type { ManagementClient } from "../management/mod.ts";

/** A queue to declare, as `PUT /api/queues/NAME` takes it. */
export interface QueueDeclaration {
  name: string;
  type: "classic" | "quorum" | "stream";
  durable: boolean;
  /** The `x-` arguments, already checked. */
  arguments: Record<string, string | number>;
}

/**
 * Declares the queue. The broker answers an existing queue declared differently with 400
 * (`PRECONDITION_FAILED`), which the caller reports.
 *
 * @example
 * ```ts
 * await declareQueue(management, {
 *   name: "orders", type: "quorum", durable: true, arguments: { "x-delivery-limit": 5 },
 * });
 * ```
 */
export async function declareQueue(
  management: ManagementClient,
  queue: QueueDeclaration,
): Promise<void> {
  const e = encodeURIComponent;
  await management.request("PUT", `queues/${e(management.vhost)}/${e(queue.name)}`, {
    durable: queue.durable,
    auto_delete: false,
    arguments: { "x-queue-type": queue.type, ...queue.arguments },
  });
}
