/**
 * Publishing with properties that are already encoded, so a copy of a delivered message goes
 * out with the bytes it came with (see `raw_properties.ts`). amqp-client only publishes from a
 * properties object, which it re-encodes lossily; this writes the same three kinds of frame
 * (method, content header, body) itself and takes part in the channel's publisher confirms the
 * way `basicPublish` does.
 */
import type { AMQPChannel } from "@cloudamqp/amqp-client";

/** What {@linkcode publishRaw} sends. */
export interface RawPublish {
  exchange: string;
  routingKey: string;
  body: Uint8Array;
  /** Encoded basic properties: flags, then the fields they announce. */
  properties: Uint8Array;
  /** Ask the broker to return the message (basic.return) when no queue takes it. */
  mandatory?: boolean;
}

/** The parts of amqp-client's channel that publishing with confirms uses (stable across 4.x). */
interface ChannelInternals {
  id: number;
  closed: boolean;
  confirmId: number;
  unconfirmedPublishes: [number, (tag: number) => void, (error?: Error) => void][];
  connection: { frameMax: number; send(bytes: Uint8Array): Promise<void> };
}

const METHOD = 1;
const HEADER = 2;
const BODY = 3;
const FRAME_END = 0xce;
const BASIC_CLASS = 60;
const BASIC_PUBLISH = 40;
const encoder = new TextEncoder();

/** The properties do not fit in one frame of the negotiated size, so the broker would refuse them. */
export class FrameTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameTooLargeError";
  }
}

/**
 * Publishes `message` on `channel`; resolves when the broker confirmed it (in confirm mode),
 * else when it was written. Throws {@linkcode FrameTooLargeError} before writing anything when
 * the content header would exceed the connection's frame size.
 *
 * @example
 * ```ts
 * await ch.confirmSelect();
 * await publishRaw(ch, { exchange: "", routingKey: "q", body: new Uint8Array(),
 *   properties: new Uint8Array([0, 0]) });
 * ```
 */
export function publishRaw(channel: AMQPChannel, message: RawPublish): Promise<number> {
  const ch = channel as unknown as ChannelInternals;
  if (ch.closed) return Promise.reject(new Error("Channel is closed"));
  const frameMax = ch.connection.frameMax;
  const exchange = shortString(message.exchange, "exchange");
  const routingKey = shortString(message.routingKey, "routing key");
  const headerPayload = 12 + message.properties.length;
  if (headerPayload + 8 > frameMax) {
    throw new FrameTooLargeError(
      `its properties take ${message.properties.length} bytes, more than a frame of ` +
        `${frameMax} bytes (the broker's frame_max) can carry`,
    );
  }
  const { body } = message;
  const chunk = frameMax - 8;
  const bodyFrames = Math.ceil(body.length / chunk);
  const methodPayload = 4 + 2 + exchange.length + routingKey.length + 1;
  const size = (8 + methodPayload) + (8 + headerPayload) + body.length + 8 * bodyFrames;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let pos = frameStart(view, METHOD, ch.id, methodPayload, 0);
  view.setUint16(pos, BASIC_CLASS);
  view.setUint16(pos + 2, BASIC_PUBLISH);
  view.setUint16(pos + 4, 0); // reserved
  pos += 6;
  out.set(exchange, pos);
  pos += exchange.length;
  out.set(routingKey, pos);
  pos += routingKey.length;
  out[pos++] = message.mandatory ? 1 : 0; // bit 0: mandatory; bit 1, immediate: off
  out[pos++] = FRAME_END;
  pos = frameStart(view, HEADER, ch.id, headerPayload, pos);
  view.setUint16(pos, BASIC_CLASS);
  view.setUint16(pos + 2, 0); // weight
  view.setBigUint64(pos + 4, BigInt(body.length));
  pos += 12;
  out.set(message.properties, pos);
  pos += message.properties.length;
  out[pos++] = FRAME_END;
  for (let at = 0; at < body.length; at += chunk) {
    const part = body.subarray(at, at + chunk);
    pos = frameStart(view, BODY, ch.id, part.length, pos);
    out.set(part, pos);
    pos += part.length;
    out[pos++] = FRAME_END;
  }
  const sent = ch.connection.send(out);
  if (!ch.confirmId) return sent.then(() => 0);
  const confirmed = new Promise<number>((resolve, reject) => {
    ch.unconfirmedPublishes.push([ch.confirmId++, resolve, reject]);
  });
  // When the write fails the channel closes and rejects this too, with no one waiting for it.
  confirmed.catch(() => {});
  return sent.then(() => confirmed);
}

/** Writes a frame's type, channel and payload size at `pos`; returns where the payload starts. */
function frameStart(
  view: DataView,
  type: number,
  channel: number,
  payload: number,
  pos: number,
): number {
  view.setUint8(pos, type);
  view.setUint16(pos + 1, channel);
  view.setUint32(pos + 3, payload);
  return pos + 7;
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
