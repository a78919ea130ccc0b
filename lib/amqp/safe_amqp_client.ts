/**
 * The AMQP client every connection of ours uses: `@cloudamqp/amqp-client`'s `AMQPClient` with
 * its socket reader replaced, so that nothing a broker sends can crash the process.
 *
 * Why (amqp-client 4.1.1, the newest release): its reader gathers a frame that arrives split
 * over TCP reads into a buffer of `frameMax` bytes and throws, inside the socket's data event
 * where no caller can catch it, when a frame is larger. A broker sends a content-header frame
 * whole whatever the negotiated frame size, so one message with ~8 KB of headers (a stack trace,
 * a long `x-death` history) killed every consumer of its queue. This reader:
 * - gathers split frames in a buffer that grows to the frame's size (up to {@linkcode MAX_FRAME_BYTES});
 * - keeps each delivery's encoded properties, so a copy can carry them byte for byte
 *   ({@linkcode SafeAmqpClient.rawPropertiesOf});
 * - reads deliveries itself (`DeliveryReader`: the bulk of a consumer's frames, at a fraction
 *   of the client's cost), and the content header of a basic.get or a returned message (with
 *   a decoder of all fourteen basic properties: amqp-client's does not know cluster-id and
 *   then misreads the frame), handing every other frame to amqp-client's parser;
 * - turns any other error while reading into a closed connection with a named error
 *   ({@linkcode FrameReadError}), which callers see as a connection loss and reconnect after.
 *
 * Its writes go through a `WriteBatch`: the frames of one tick leave in one socket write.
 */
import { AMQPClient, type AMQPMessage, type AMQPTlsOptions, AMQPView } from "../deps.ts";
import { WriteBatch } from "./write_batch.ts";
import { DeliveryReader } from "./delivery_reader.ts";
import { type MessageWithRaw, PROPERTIES_PROBLEM, RAW_PROPERTIES } from "./delivery.ts";
import { decodeBasicProperties } from "./basic_properties.ts";
import {
  AmqpMethod,
  CONTENT_HEADER_PREFIX,
  destroySocket,
  dispatchFrames,
  FRAME_END,
  FRAME_HEADER_BYTES,
  FrameType,
  methodKey,
  pendingMessage,
  replaceReader,
  startContent,
} from "./wire/mod.ts";
import { messageOf } from "../_util/mod.ts";

/** Largest frame accepted from a broker; a larger size field means a corrupted stream. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

/** Frame size we ask for: RabbitMQ's default `frame_max` (the broker may lower it). */
export const REQUESTED_FRAME_MAX = 131_072;

/**
 * Frame size for connections that only publish our own lean messages (produce, bench).
 * amqp-client keeps one frame-sized buffer per unconfirmed publish, so 128 KB frames cost
 * ~120 MB more memory over a 2,000-message confirm window (measured: 270 MB against 150 MB RSS
 * for 100,000 messages). What such a connection receives is read whatever its size.
 */
export const PUBLISHER_FRAME_MAX = 8_192;

const FRAME_HEADER = FRAME_HEADER_BYTES;
const TYPE_METHOD = FrameType.METHOD;
const TYPE_HEADER = FrameType.HEADER;
/** connection.start; its server properties follow two version bytes. */
const CONNECTION_START = methodKey(AmqpMethod.CONNECTION_CLASS, AmqpMethod.CONNECTION_START);
const START_PROPERTIES_OFFSET = FRAME_HEADER + 4 + 2;
/** Offset of the properties in a content-header frame. */
const PROPERTIES_OFFSET = FRAME_HEADER + CONTENT_HEADER_PREFIX;

/** The connection was closed because a frame from the broker could not be read. */
export class FrameReadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FrameReadError";
  }
}

/** What an `amqps://` connection trusts and shows: node:tls's `ca`, `cert` and `key`. */
export type SafeClientTls = AMQPTlsOptions;

/**
 * An `AMQPClient` whose reader survives any frame a broker sends.
 *
 * @example
 * ```ts
 * const client = new SafeAmqpClient("amqp://guest:guest@127.0.0.1:5672/?frameMax=131072");
 * await client.connect();
 * const ch = await client.channel();
 * await ch.basicConsume("q", { noAck: false }, (msg) => {
 *   const raw = client.rawPropertiesOf(msg); // the properties as the broker sent them
 * });
 * ```
 */
export class SafeAmqpClient extends AMQPClient {
  // Frames sent in the same tick go out as one socket write (see WriteBatch).
  readonly #writes = new WriteBatch((bytes) => super.send(bytes));
  // Deliveries' frames, read without amqp-client's parser (the bulk of what a consumer gets).
  readonly #deliveries = new DeliveryReader(this);
  // A frame split over reads is gathered here; `#have` bytes so far of `#need` (0 = size not
  // read yet).
  #pending = new Uint8Array(64 * 1024);
  #have = 0;
  #need = 0;
  // What the broker said of itself in connection.start (amqp-client reads past it); undefined
  // until then, so later frames cost one field check.
  #serverProperties?: Record<string, unknown>;

  /**
   * The broker's version from its connection.start properties (`"4.3.6"`), once connected;
   * undefined where the broker does not say.
   */
  get serverVersion(): string | undefined {
    const version = this.#serverProperties?.version;
    return typeof version === "string" ? version : undefined;
  }

  /**
   * The message's properties exactly as the broker sent them (flags and fields). Every message
   * this client read has them; a message another client read is a mistake, and throws.
   */
  rawPropertiesOf(message: AMQPMessage): Uint8Array {
    const raw = (message as MessageWithRaw)[RAW_PROPERTIES];
    if (!raw) throw new Error("rawPropertiesOf: the message was not read by this client");
    return raw;
  }

  /** Sends `bytes` with the other frames of this tick, in one write. */
  override send(bytes: Uint8Array): Promise<void> {
    return this.#writes.send(bytes);
  }

  override connect(): ReturnType<AMQPClient["connect"]> {
    this.#have = this.#need = 0;
    this.#serverProperties = undefined; // a reconnect may reach another node, of another version
    return super.connect();
  }

  /** A client for `url`; `tls` (node:tls options: ca, cert, key) for an `amqps://` one. */
  constructor(url: string, tls?: SafeClientTls) {
    super(url, tls);
    // In place of amqp-client's socket reader, which connect() binds to the socket's data event.
    replaceReader(this, (buf: Uint8Array) => this.#onRead(buf));
  }

  #onRead(buf: Uint8Array): boolean {
    try {
      // A plain view of node's Buffer: its slice() would not copy, and its methods cost more.
      this.#read(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    } catch (error) {
      this.#fail(error);
    }
    return true;
  }

  /** Splits one socket read into frames, gathering a frame that continues in the next read. */
  #read(buf: Uint8Array): void {
    const data = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let pos = 0;
    while (pos < buf.length) {
      if (this.#have === 0 && buf.length - pos >= FRAME_HEADER) {
        const size = this.#frameSize(data.getUint32(pos + 3));
        if (buf.length - pos >= size) { // the common case: the whole frame is in this read
          this.#frame(buf, data, pos, size);
          pos += size;
          continue;
        }
      }
      const target = this.#need || FRAME_HEADER;
      const n = Math.min(target - this.#have, buf.length - pos);
      this.#reserve(target);
      this.#pending.set(buf.subarray(pos, pos + n), this.#have);
      this.#have += n;
      pos += n;
      if (this.#need === 0 && this.#have === FRAME_HEADER) {
        this.#need = this.#frameSize(
          new DataView(this.#pending.buffer).getUint32(3),
        );
      }
      if (this.#need !== 0 && this.#have === this.#need) {
        // A copy: decoded byte-array headers are views into the frame, and this buffer is
        // reused for the next split frame.
        const frame = this.#pending.slice(0, this.#need);
        this.#have = this.#need = 0;
        this.#frame(frame, new DataView(frame.buffer), 0, frame.length);
      }
    }
  }

  /** A frame's whole length from its size field, refusing sizes no broker sends. */
  #frameSize(payload: number): number {
    const size = payload + FRAME_HEADER + 1;
    if (size > MAX_FRAME_BYTES) {
      throw new FrameReadError(
        `the broker sent a frame of ${size} bytes (more than ${MAX_FRAME_BYTES}): the stream is corrupt`,
      );
    }
    return size;
  }

  /** Makes room for `size` bytes in the gathering buffer, keeping what it holds. */
  #reserve(size: number): void {
    if (this.#pending.length >= size) return;
    const grown = new Uint8Array(Math.max(size, this.#pending.length * 2));
    grown.set(this.#pending.subarray(0, this.#have));
    this.#pending = grown;
  }

  /**
   * Acts on the whole frame of `size` bytes at `pos` in `buf` (`data` views the same bytes):
   * a delivery's frames are read by the delivery reader, a get's or a return's content header
   * here, every other frame by amqp-client.
   */
  #frame(buf: Uint8Array, data: DataView, pos: number, size: number): void {
    if (buf[pos + size - 1] !== FRAME_END) {
      throw new FrameReadError(
        `a frame from the broker does not end with the frame-end byte (${FRAME_END}): the stream is corrupt`,
      );
    }
    if (this.#deliveries.read(buf, data, pos, size)) return;
    const type = buf[pos];
    if (type === TYPE_HEADER && this.#contentHeader(buf, data, pos, size)) return;
    const view = new AMQPView(buf.buffer, buf.byteOffset + pos, size);
    if (this.#serverProperties === undefined && type === TYPE_METHOD) this.#readStart(view);
    dispatchFrames(this, view);
  }

  /**
   * A basic.get's or a returned message's content header: its properties decoded (all of
   * them) and kept as encoded; false when no message on the channel awaits one (amqp-client
   * then says so). Properties that cannot be read do not stop the message: it comes with what
   * could be read, and the reason (`propertiesProblemOf`), so only its reader refuses it.
   */
  #contentHeader(buf: Uint8Array, data: DataView, pos: number, size: number): boolean {
    const channelId = data.getUint16(pos + 1);
    const message = pendingMessage(this, channelId);
    if (!message) return false;
    if (size < PROPERTIES_OFFSET + 3) { // the flags and the frame-end byte at least
      throw new FrameReadError("a content header from the broker is truncated");
    }
    const bodySize = data.getUint32(pos + 11) * 2 ** 32 + data.getUint32(pos + 15);
    const raw = buf.slice(pos + PROPERTIES_OFFSET, pos + size - 1);
    const { properties, problem } = decodeBasicProperties(raw);
    const kept = message as MessageWithRaw;
    kept[RAW_PROPERTIES] = raw;
    kept[PROPERTIES_PROBLEM] = problem;
    message.properties = properties;
    startContent(this, channelId, message, bodySize);
    return true;
  }

  /** Keeps the server properties of connection.start (the first method frame on channel 0). */
  #readStart(view: AMQPView): void {
    if (
      view.getUint16(1) === 0 && view.byteLength > START_PROPERTIES_OFFSET &&
      view.getUint32(FRAME_HEADER) === CONNECTION_START
    ) {
      this.#serverProperties = view.getTable(START_PROPERTIES_OFFSET)[0];
    }
  }

  /** Closes the connection with a named error; every channel and caller sees a connection loss. */
  #fail(error: unknown): void {
    const reason = messageOf(error);
    this.#have = this.#need = 0;
    const failure = error instanceof FrameReadError ? error : new FrameReadError(
      `could not read what the broker sent (${reason}); the connection was closed`,
      { cause: error },
    );
    destroySocket(this, failure);
  }
}
