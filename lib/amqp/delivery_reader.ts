/**
 * Reads deliveries (basic.deliver, its content header, its body) straight from the bytes of a
 * socket read, for `SafeAmqpClient`. Nearly every frame a consumer receives is one of these,
 * and amqp-client's own parser spends most of a consumer's time on them: a view object per
 * frame, a Buffer and a decode for every string, every property decoded, and a property
 * deleted from the channel per message. This reader makes one message object per delivery,
 * remembers the strings that repeat, keeps the properties encoded until they are read
 * (`Delivery`), and hands each message to its consumer the way the client's own reader does.
 * Every other frame (and a basic.get's or a return's content) is left to amqp-client.
 */
import type { AMQPClient } from "../deps.ts";
import { Delivery } from "./delivery.ts";
import { ShortStrings } from "./short_strings.ts";
import { ByteSlab } from "./byte_slab.ts";
import {
  AmqpMethod,
  CONTENT_HEADER_PREFIX,
  deliveryInProgress,
  finishDelivery,
  FRAME_HEADER_BYTES,
  FrameType,
  methodKey,
  openChannel,
  startDelivery,
} from "./wire/mod.ts";

const TYPE_METHOD = FrameType.METHOD;
const TYPE_HEADER = FrameType.HEADER;
const TYPE_BODY = FrameType.BODY;
const BASIC_DELIVER = methodKey(AmqpMethod.BASIC_CLASS, AmqpMethod.BASIC_DELIVER);
const FRAME_HEADER = FRAME_HEADER_BYTES;
/** Where a content header's properties start in its frame. */
const HEADER_PROPERTIES = FRAME_HEADER + CONTENT_HEADER_PREFIX;

/** A delivery's frame did not hold what its kind must (the stream is corrupt). */
export class DeliveryFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryFrameError";
  }
}

/**
 * Reads the frames of deliveries for one client.
 *
 * @example
 * ```ts
 * const reader = new DeliveryReader(client);
 * // for each whole frame of `size` bytes at `pos` in a socket read `buf`:
 * if (!reader.read(buf, data, pos, size)) parseTheUsualWay(buf, pos, size);
 * ```
 */
export class DeliveryReader {
  readonly #client: AMQPClient;
  /** Consumer tags, exchanges and routing keys, which repeat from delivery to delivery. */
  readonly #strings = new ShortStrings();
  /** Where each delivery's properties and (small) body are copied to, out of the read. */
  readonly #copies = new ByteSlab();

  /** A reader for the deliveries `client` receives. */
  constructor(client: AMQPClient) {
    this.#client = client;
  }

  /**
   * Reads the whole frame of `size` bytes at `pos` in `buf` (`data` views the same bytes) when
   * it belongs to a delivery; false when it does not, for amqp-client's parser. Throws a
   * {@linkcode DeliveryFrameError} when a delivery's frame is malformed.
   */
  read(buf: Uint8Array, data: DataView, pos: number, size: number): boolean {
    const type = buf[pos];
    if (type === TYPE_METHOD) {
      return size > FRAME_HEADER + 5 && data.getUint32(pos + FRAME_HEADER) === BASIC_DELIVER &&
        this.#deliver(buf, data, pos, size);
    }
    if (type !== TYPE_HEADER && type !== TYPE_BODY) return false;
    const channel = openChannel(this.#client, data.getUint16(pos + 1));
    const message = channel && deliveryInProgress(channel);
    if (!(message instanceof Delivery)) return false; // a get or a return: the client's own
    if (type === TYPE_HEADER) this.#header(message, buf, data, pos, size);
    else this.#body(message, buf, pos, size);
    return true;
  }

  /** basic.deliver: a new message on its channel, whose content follows. */
  #deliver(buf: Uint8Array, data: DataView, pos: number, size: number): boolean {
    const channel = openChannel(this.#client, data.getUint16(pos + 1));
    if (!channel) return true; // dropped, as amqp-client drops frames of a channel not open
    const end = pos + size - 1; // the frame-end byte
    let at = pos + FRAME_HEADER + 4;
    const consumerTag = this.#string(buf, at, end);
    at += 1 + buf[at];
    if (at + 9 > end) throw new DeliveryFrameError("a basic.deliver frame is truncated");
    const deliveryTag = data.getUint32(at) * 2 ** 32 + data.getUint32(at + 4);
    const redelivered = buf[at + 8] === 1;
    at += 9;
    const exchange = this.#string(buf, at, end);
    at += 1 + buf[at];
    const routingKey = this.#string(buf, at, end);
    const message = new Delivery(channel);
    message.consumerTag = consumerTag;
    message.deliveryTag = deliveryTag;
    message.redelivered = redelivered;
    message.exchange = exchange;
    message.routingKey = routingKey;
    startDelivery(channel, message);
    return true;
  }

  /** The content header: the body's size and the encoded properties. */
  #header(message: Delivery, buf: Uint8Array, data: DataView, pos: number, size: number): void {
    if (size < HEADER_PROPERTIES + 3) throw new DeliveryFrameError("a content header is truncated");
    const bodySize = data.getUint32(pos + 11) * 2 ** 32 + data.getUint32(pos + 15);
    message.bodySize = bodySize;
    // A copy: the read's buffer is not the message's to keep.
    message.setEncodedProperties(this.#copies.copy(buf, pos + HEADER_PROPERTIES, pos + size - 1));
    if (bodySize === 0) this.#complete(message, new Uint8Array(0));
  }

  /** A body frame: the whole body (the common case), or one part of it. */
  #body(message: Delivery, buf: Uint8Array, pos: number, size: number): void {
    const start = pos + FRAME_HEADER;
    const end = pos + size - 1;
    if (message.body === null && end - start === message.bodySize) {
      return this.#complete(message, this.#copies.copy(buf, start, end));
    }
    const part = buf.subarray(start, end);
    const body = message.body ?? (message.body = new Uint8Array(message.bodySize));
    const received = message.bodyReceived;
    if (received + part.length > body.length) {
      throw new DeliveryFrameError(
        `a message's body frames hold more than its header announced (${body.length} bytes)`,
      );
    }
    body.set(part, received);
    message.bodyReceived = received + part.length;
    if (message.bodyReceived === body.length) this.#complete(message, body);
  }

  /** The message is whole: to its consumer. */
  #complete(message: Delivery, body: Uint8Array): void {
    finishDelivery(message.channel, message, body);
  }

  /** The short string (length byte, then bytes) at `at`, which must end before `end`. */
  #string(buf: Uint8Array, at: number, end: number): string {
    const length = buf[at];
    if (at + 1 + length > end) throw new DeliveryFrameError("a basic.deliver frame is truncated");
    return this.#strings.read(buf, at + 1, length);
  }
}
