/**
 * What a failed publish means for the run: the broker refused it (nack), the client held it
 * back while the broker blocks publishers, the connection went away, or the broker closed the
 * channel for good. Pure, so each case is tested on its own.
 */

/** How a publish that did not get its confirm is handled. */
export type Refusal =
  /** basic.nack: published again on a new channel, or counted as nacked. */
  | "nacked"
  /** Refused by the client while the broker blocks publishers: sent again once unblocked. */
  | "blocked"
  /** The connection dropped: sent again after the reconnect. */
  | "connection-lost"
  /** Anything else ends the run with the broker's explanation. */
  | "failed";

/** How amqp-client 4.1 rejects a publish the broker nacked. */
export const REJECTED_BY_BROKER = "Message rejected";
/** How amqp-client 4.1 refuses a publish while the broker blocks the connection. */
export const BLOCKED_BY_BROKER = "Connection blocked by server";

/**
 * Classifies why a publish failed. `connectionLost` says whether the connection went away
 * and the run reconnects (only then is a loss worth waiting out).
 *
 * @example
 * ```ts
 * classifyRefusal(new Error("Message rejected"), false); // "nacked"
 * classifyRefusal(new Error("Socket closed"), true); // "connection-lost"
 * ```
 */
export function classifyRefusal(reason: unknown, connectionLost: boolean): Refusal {
  const text = reason instanceof Error ? reason.message : undefined;
  if (text === REJECTED_BY_BROKER) return "nacked";
  if (text?.startsWith(BLOCKED_BY_BROKER)) return "blocked";
  if (connectionLost) return "connection-lost";
  return "failed";
}
