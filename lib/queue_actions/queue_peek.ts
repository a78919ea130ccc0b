/**
 * "Get messages" without taking them, as the management UI's "get, requeue": messages are read
 * unacknowledged and handed back in one multiple nack, so the queue keeps them in their places.
 */
import type { AMQPClient, AMQPMessage } from "@cloudamqp/amqp-client";
import { HttpError } from "../errors.ts";
import type { InspectedMessage } from "../shared/mod.ts";
import { propertiesProblemOf } from "../amqp/mod.ts";
import { inspectedMessageOf } from "../feed/mod.ts";
import { messageOf } from "../_util/mod.ts";

/** Options for {@linkcode peekMessages}. */
export interface PeekOptions {
  /** Most messages to read. */
  count: number;
  /** Longest body text returned per message (bytes). */
  maxBodyBytes: number;
  /**
   * What becomes of them (the management UI's ack modes): `requeue` (the default) hands them
   * back; `ack` takes them; `reject` rejects them without requeue (dead-lettered where the queue
   * has a dead-letter exchange, else dropped). Any unreadable one: all are handed back.
   */
  settle?: GetAckMode;
}

/** The ack modes of "get messages". */
export const GET_ACK_MODES = ["requeue", "ack", "reject"] as const;

/** One ack mode of "get messages". */
export type GetAckMode = typeof GET_ACK_MODES[number];

/**
 * Up to `count` messages from the head of `queue`, with properties and headers, left in the
 * queue. They come back marked redelivered, and a quorum queue counts the delivery (its
 * `x-delivery-limit`, if set, applies). Throws an {@linkcode HttpError}: 404 for a missing
 * queue, 422 for a stream (read with a consumer from an offset instead), 502 naming the first
 * message whose properties cannot be read, and why (every message read is handed back all the
 * same, and the connection stays open for everyone else).
 *
 * @example
 * ```ts
 * const messages = await peekMessages(conn, "work.queue", { count: 5, maxBodyBytes: 4096 });
 * ```
 */
export async function peekMessages(
  conn: AMQPClient,
  queue: string,
  options: PeekOptions,
): Promise<InspectedMessage[]> {
  const ch = await conn.channel();
  const taken: AMQPMessage[] = [];
  try {
    while (taken.length < options.count) {
      const msg = await ch.basicGet(queue, { noAck: false });
      if (!msg) break;
      taken.push(msg);
    }
    const last = taken.at(-1);
    const unreadable = unreadableMessage(taken, queue);
    const settle = unreadable ? "requeue" : options.settle ?? "requeue";
    if (last && settle === "requeue") await ch.basicNack(last.deliveryTag, true, true);
    if (last && settle === "ack") await ch.basicAck(last.deliveryTag, true);
    // basicNack(tag, requeue, multiple): reject all so far, none back in the queue.
    if (last && settle === "reject") await ch.basicNack(last.deliveryTag, false, true);
    if (unreadable) throw unreadable;
    return taken.map((msg) => inspectedMessageOf(msg, options.maxBodyBytes));
  } catch (error) {
    throw refusalOf(error, queue);
  } finally {
    // Closing also hands back anything still unacked, should the nack not have gone out.
    if (!ch.closed) await ch.close().catch(() => {});
  }
}

/** The refusal naming the first message whose properties could not be read, if one could not. */
function unreadableMessage(taken: AMQPMessage[], queue: string): HttpError | undefined {
  const at = taken.findIndex((msg) => propertiesProblemOf(msg) !== undefined);
  if (at < 0) return undefined;
  const msg = taken[at];
  const id = msg.properties.messageId;
  const which = [
    id ? `message id '${id}'` : "no message id",
    `exchange '${msg.exchange || "(default)"}'`,
    `routing key '${msg.routingKey}'`,
  ].join(", ");
  return new HttpError(
    502,
    `message ${at + 1} from the head of queue '${queue}' (${which}) has properties that ` +
      `cannot be read: ${propertiesProblemOf(msg)}. It was handed back and stays in its place`,
  );
}

function refusalOf(error: unknown, queue: string): unknown {
  if (error instanceof HttpError) return error; // already says what happened
  const text = messageOf(error);
  if (/NOT_FOUND/.test(text)) return new HttpError(404, `queue '${queue}' does not exist`);
  if (/stream/i.test(text)) {
    return new HttpError(
      422,
      `queue '${queue}' is a stream: it cannot be read with get; watch it with the live feed`,
    );
  }
  return error;
}
