/**
 * The frames of a basic.publish (method, content header, body), encoded by us instead of by
 * amqp-client, so that what stays the same from message to message is encoded once: the
 * method frame of one exchange and routing key, and a properties template whose changing
 * fields are written in place ({@linkcode PropertiesWriter}). amqp-client's `basicPublish`
 * re-encodes every property, header name and string of every message and builds four promises
 * per publish; a publish loop of ours writes bytes and registers two callbacks.
 *
 * The confirm bookkeeping is amqp-client's own (see `wire/`), so these publishes settle with the
 * channel's acks, nacks and close exactly like `basicPublish`'s.
 */
import type { AMQPChannel } from "../deps.ts";
import {
  AmqpMethod,
  CONTENT_HEADER_PREFIX,
  FRAME_END,
  FRAME_OVERHEAD,
  FrameType,
  sendOnChannel,
} from "./wire/mod.ts";

/** Encoded basic properties of one message, written into a frame being built. */
export interface PropertiesWriter {
  /** Bytes the properties take (the same for every message of a run). */
  readonly length: number;
  /** Writes message `seq`'s properties into `out` from `at` on (`length` bytes). */
  write(out: Uint8Array, at: number, seq: number): void;
}

/** Where and how {@linkcode PublishFrames} publishes, and with which properties. */
export interface PublishFramesOptions {
  exchange: string;
  routingKey: string;
  /** Ask the broker to return the message (basic.return) when no queue takes it. */
  mandatory?: boolean;
  /** Each message's encoded properties. */
  properties: PropertiesWriter;
}

/** The channel a publish goes out on: its number, and its connection's frame size. */
export interface FrameChannel {
  id: number;
  connection: { frameMax: number };
}

/** The properties do not fit in one frame of the negotiated size, so the broker would refuse them. */
export class FrameTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameTooLargeError";
  }
}

const { METHOD, HEADER, BODY } = FrameType;
const { BASIC_CLASS, BASIC_PUBLISH } = AmqpMethod;
const encoder = new TextEncoder();

/**
 * Encodes the frames of publishes to one exchange with one routing key and one properties
 * writer; the method frame is encoded once.
 *
 * @example
 * ```ts
 * const frames = new PublishFrames({ exchange: "x", routingKey: "k", mandatory: true, properties });
 * const bytes = frames.encode(channel, 1, body);
 * ```
 */
export class PublishFrames {
  /** The method frame, built for channel 0; its channel bytes are set per publish. */
  readonly #method: Uint8Array;
  readonly #properties: PropertiesWriter;

  constructor(options: PublishFramesOptions) {
    const exchange = shortString(options.exchange, "exchange");
    const routingKey = shortString(options.routingKey, "routing key");
    const payload = 4 + 2 + exchange.length + routingKey.length + 1;
    const method = new Uint8Array(FRAME_OVERHEAD + payload);
    let pos = frameStart(method, METHOD, 0, payload, 0);
    putUint16(method, pos, BASIC_CLASS);
    putUint16(method, pos + 2, BASIC_PUBLISH);
    pos += 6; // and 2 reserved bytes, zero
    method.set(exchange, pos);
    pos += exchange.length;
    method.set(routingKey, pos);
    pos += routingKey.length;
    method[pos++] = options.mandatory ? 1 : 0; // bit 0: mandatory; bit 1, immediate: off
    method[pos] = FRAME_END;
    this.#method = method;
    this.#properties = options.properties;
  }

  /**
   * The method, content-header and body frames of message `seq` on `channel`, in one buffer.
   * Throws {@linkcode FrameTooLargeError} when the content header does not fit in a frame.
   */
  encode(channel: FrameChannel, seq: number, body: Uint8Array): Uint8Array {
    const { id } = channel;
    const { frameMax } = channel.connection;
    const properties = this.#properties;
    const headerPayload = CONTENT_HEADER_PREFIX + properties.length;
    if (headerPayload + FRAME_OVERHEAD > frameMax) {
      throw new FrameTooLargeError(
        `its properties take ${properties.length} bytes, more than a frame of ` +
          `${frameMax} bytes (the broker's frame_max) can carry`,
      );
    }
    const chunk = frameMax - FRAME_OVERHEAD;
    const bodyFrames = Math.ceil(body.length / chunk);
    const method = this.#method;
    const out = new Uint8Array(
      method.length + FRAME_OVERHEAD + headerPayload + body.length + FRAME_OVERHEAD * bodyFrames,
    );
    out.set(method);
    putUint16(out, 1, id);
    let pos = frameStart(out, HEADER, id, headerPayload, method.length);
    putUint16(out, pos, BASIC_CLASS);
    // weight (2 bytes, zero), then the body size in 64 bits
    putUint32(out, pos + 4, Math.floor(body.length / 2 ** 32));
    putUint32(out, pos + 8, body.length);
    pos += CONTENT_HEADER_PREFIX;
    properties.write(out, pos, seq);
    pos += properties.length;
    out[pos++] = FRAME_END;
    for (let at = 0; at < body.length; at += chunk) {
      const part = body.subarray(at, at + chunk);
      pos = frameStart(out, BODY, id, part.length, pos);
      out.set(part, pos);
      pos += part.length;
      out[pos++] = FRAME_END;
    }
    return out;
  }
}

/** Encoded properties that are the same for every message (a copy's, say). */
export function fixedProperties(bytes: Uint8Array): PropertiesWriter {
  return { length: bytes.length, write: (out, at) => out.set(bytes, at) };
}

/**
 * Sends encoded publish frames on `channel`. In confirm mode `onAck` runs when the broker
 * acked the publish and `onFail` when it nacked it or the channel closed first (as
 * amqp-client's own publishes are settled); without confirms `onAck` runs once written. A
 * closed channel, or a connection the broker blocks, fails the publish before anything is sent
 * (in a later microtask, as a rejected `basicPublish` would).
 *
 * @example
 * ```ts
 * sendPublish(ch, frames.encode(ch, seq, body),
 *   () => console.log("confirmed"), (error) => console.error(error));
 * ```
 */
export function sendPublish(
  channel: AMQPChannel,
  bytes: Uint8Array,
  onAck: () => void,
  onFail: (error: Error) => void,
): void {
  sendOnChannel(channel, bytes, onAck, onFail);
}

/** Writes a frame's type, channel and payload size at `pos`; returns where the payload starts. */
function frameStart(
  out: Uint8Array,
  type: number,
  channel: number,
  payload: number,
  pos: number,
): number {
  out[pos] = type;
  putUint16(out, pos + 1, channel);
  putUint32(out, pos + 3, payload);
  return pos + 7;
}

/** Big-endian, as AMQP writes numbers; without a DataView per publish. */
function putUint16(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 8;
  out[at + 1] = value;
}

function putUint32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = value >>> 16;
  out[at + 2] = value >>> 8;
  out[at + 3] = value;
}

/** A short string (length byte and UTF-8 bytes). */
function shortString(text: string, what: string): Uint8Array {
  const bytes = encoder.encode(text);
  if (bytes.length > 255) throw new Error(`the ${what} is longer than 255 bytes`);
  const out = new Uint8Array(1 + bytes.length);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}
