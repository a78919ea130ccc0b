/**
 * The one place that reaches into `@cloudamqp/amqp-client`'s private parts. The toolkit's frame
 * reader (`SafeAmqpClient`), its own publish frames (`sendPublish`) and its nack handling need
 * a few of them; each is named and typed here, and `client_internals_test.ts` checks them
 * against the installed client, so a new version that moves one fails that test, naming the
 * field, instead of silently breaking publishing. Nothing else in the project casts the client.
 */
import type { AMQPChannel, AMQPClient, AMQPMessage, AMQPView } from "../../deps.ts";

/** What of a client (`AMQPClient`, amqp-client 4.1.1) the toolkit uses beyond its public API. */
export interface ClientInternals {
  /** The socket reader `connect()` binds to the socket's data event (ours replaces it). */
  onRead(buf: Uint8Array): boolean;
  /** Parses the whole frames in a view and acts on them. */
  parseFrames(view: AMQPView): void;
  /** The TCP socket, while connected (destroyed to close with an error). */
  socket?: { destroy(error?: Error): void };
  /** Open channels, by number. */
  channels: (ChannelInternals | undefined)[];
}

/** What of a channel (`AMQPChannel`) the toolkit uses beyond its public API. */
export interface ChannelInternals {
  /** The channel's number. */
  id: number;
  /** Closed by the broker or the client. */
  closed: boolean;
  /** In confirm mode, the delivery tag of the next publish (0: not in confirm mode). */
  confirmId: number;
  /** Publishes awaiting their confirm: tag, settle on ack, settle on nack or close. */
  unconfirmedPublishes: [number, (tag: number) => void, (error: Error) => void][];
  /** Its connection: the frame size, a blocked reason, and the raw write. */
  connection: { frameMax: number; blocked?: string; send(bytes: Uint8Array): Promise<void> };
  /** The message whose content frames are being read: a delivery, a get, or a return. */
  delivery?: AMQPMessage;
  getMessage?: AMQPMessage;
  returned?: AMQPMessage;
  /** Settles publishes on basic.ack or basic.nack. */
  publishConfirmed(tag: number, multiple: boolean, nack: boolean): void;
  /** Hands a whole delivery to its consumer (in a microtask, as the client's own reader does). */
  deliver(message: AMQPMessage): void;
  /** A message's content is whole: resolves its basic.get, or hands a return to `onReturn`. */
  onMessageReady(message: AMQPMessage): void;
}

/** What of a message (`AMQPMessage`) the toolkit sets beyond its public API. */
export interface MessageInternals {
  /** The body as received: `bodyToString()` and the client's body decoders read it. */
  _rawBytes: Uint8Array | null;
  /** Body bytes received so far: where the client's parser puts the next body frame. */
  bodyPos: number;
}

/** The client's private fields and methods, by name, for the check of a new version. */
export const CLIENT_INTERNALS = ["onRead", "parseFrames", "socket", "channels"] as const;
/** The channel's, likewise. */
export const CHANNEL_INTERNALS = [
  "id",
  "closed",
  "confirmId",
  "unconfirmedPublishes",
  "connection",
  "delivery",
  "getMessage",
  "returned",
  "publishConfirmed",
  "deliver",
  "onMessageReady",
] as const;
/** The message's, likewise. */
export const MESSAGE_INTERNALS = ["_rawBytes", "bodyPos"] as const;

/**
 * The client's private parts.
 *
 * @example
 * ```ts
 * clientInternals(client).parseFrames(view);
 * ```
 */
export function clientInternals(client: AMQPClient): ClientInternals {
  return client as unknown as ClientInternals;
}

/**
 * A channel's private parts.
 *
 * @example
 * ```ts
 * channelInternals(channel).confirmId; // 0 until confirmSelect
 * ```
 */
export function channelInternals(channel: AMQPChannel): ChannelInternals {
  return channel as unknown as ChannelInternals;
}

/**
 * Puts `reader` in place of the client's socket reader. Called before `connect()` binds it.
 *
 * @example
 * ```ts
 * replaceReader(client, (buf) => myReader(buf));
 * ```
 */
export function replaceReader(client: AMQPClient, reader: (buf: Uint8Array) => boolean): void {
  Object.defineProperty(client, "onRead", { value: reader });
}

/**
 * Hands whole frames to the client's own parser (after our reader gathered them).
 *
 * @example
 * ```ts
 * dispatchFrames(client, new AMQPView(frame.buffer));
 * ```
 */
export function dispatchFrames(client: AMQPClient, view: AMQPView): void {
  clientInternals(client).parseFrames(view);
}

/**
 * Closes the client's socket with `error`: every channel and caller sees a connection loss.
 *
 * @example
 * ```ts
 * destroySocket(client, new Error("unreadable frame"));
 * ```
 */
export function destroySocket(client: AMQPClient, error: Error): void {
  clientInternals(client).socket?.destroy(error);
}

/**
 * Writes a publish's frames on a channel, settled with the channel's own confirm bookkeeping:
 * in confirm mode `onAck` runs when the broker acked it and `onFail` when it nacked it or the
 * channel closed first (as amqp-client's own publishes are settled); without confirms `onAck`
 * runs once written. A closed channel, or a connection the broker blocks, fails the publish
 * before anything is sent (in a later microtask, as a rejected `basicPublish` would).
 *
 * @example
 * ```ts
 * sendOnChannel(channel, frames, () => {}, console.error);
 * ```
 */
export function sendOnChannel(
  channel: AMQPChannel,
  bytes: Uint8Array,
  onAck: () => void,
  onFail: (error: Error) => void,
): void {
  const ch = channelInternals(channel);
  const refusal = ch.closed
    ? "Channel is closed"
    : ch.connection.blocked
    ? `Connection blocked by server: ${ch.connection.blocked}`
    : undefined;
  if (refusal) return queueMicrotask(() => onFail(new Error(refusal)));
  const sent = ch.connection.send(bytes);
  // The write's failure closes the connection, which fails every unconfirmed publish.
  if (ch.confirmId) ch.unconfirmedPublishes.push([ch.confirmId++, onAck, onFail]);
  else sent.then(onAck, onFail);
}

/**
 * The message whose content a frame on this channel belongs to (a delivery, a get or a return).
 *
 * @example
 * ```ts
 * pendingMessage(client, 1)?.properties;
 * ```
 */
export function pendingMessage(client: AMQPClient, channelId: number): AMQPMessage | undefined {
  const channel = clientInternals(client).channels[channelId];
  return channel?.delivery ?? channel?.getMessage ?? channel?.returned;
}

/**
 * Starts the content of a basic.get's or a returned message whose content header was read (by
 * our reader, not the client's): its body size, and room for the body frames the client's
 * parser then fills in; a message without a body is whole at once, and resolved or returned.
 *
 * @example
 * ```ts
 * startContent(client, 1, message, 5); // the body's 5 bytes follow in body frames
 * ```
 */
export function startContent(
  client: AMQPClient,
  channelId: number,
  message: AMQPMessage,
  bodySize: number,
): void {
  message.bodySize = bodySize;
  (message as unknown as MessageInternals)._rawBytes = new Uint8Array(bodySize);
  if (bodySize === 0) clientInternals(client).channels[channelId]?.onMessageReady(message);
}

/**
 * The open channel of this number, or undefined (a frame for it is then dropped, as the
 * client's own parser drops it).
 *
 * @example
 * ```ts
 * openChannel(client, 1)?.closed; // false while channel 1 is open
 * ```
 */
export function openChannel(client: AMQPClient, channelId: number): AMQPChannel | undefined {
  return clientInternals(client).channels[channelId] as AMQPChannel | undefined;
}

/**
 * The delivery a channel is reading the content of (after basic.deliver, before its last body
 * frame), or undefined.
 *
 * @example
 * ```ts
 * deliveryInProgress(channel)?.deliveryTag;
 * ```
 */
export function deliveryInProgress(channel: AMQPChannel): AMQPMessage | undefined {
  return channelInternals(channel).delivery;
}

/**
 * Marks `message` as the channel's delivery in progress (basic.deliver came), where the
 * client's own code looks for it.
 *
 * @example
 * ```ts
 * startDelivery(channel, message);
 * ```
 */
export function startDelivery(channel: AMQPChannel, message: AMQPMessage): void {
  channelInternals(channel).delivery = message;
}

/**
 * Gives `message` its whole `body` and hands it to its consumer, ending the channel's delivery
 * in progress, as the client's own reader does once the body is complete. The channel's field
 * is cleared, not deleted: deleting a property every message would turn the channel into a slow
 * dictionary-mode object.
 *
 * @example
 * ```ts
 * finishDelivery(channel, message, body);
 * ```
 */
export function finishDelivery(channel: AMQPChannel, message: AMQPMessage, body: Uint8Array): void {
  (message as unknown as MessageInternals)._rawBytes = body;
  message.body = body;
  const internals = channelInternals(channel);
  internals.delivery = undefined;
  internals.deliver(message);
}

/**
 * amqp-client 4.1.1 reads basic.nack's `multiple` flag as "the bits byte equals 1", but
 * RabbitMQ also sets the requeue bit (byte 3 for a multiple nack), so a multiple nack settles
 * only its own delivery tag and the earlier ones would wait forever. Here a nack settles every
 * earlier unconfirmed publish too: at worst one the broker would still have acked is nacked,
 * and published again or counted as nacked (never counted as confirmed without a confirm).
 *
 * @example
 * ```ts
 * settleNacksCumulatively(await conn.channel());
 * ```
 */
export function settleNacksCumulatively(channel: AMQPChannel): void {
  const internals = channelInternals(channel);
  const publishConfirmed = internals.publishConfirmed.bind(channel);
  internals.publishConfirmed = (tag, multiple, nack) =>
    publishConfirmed(tag, multiple || nack, nack);
}
