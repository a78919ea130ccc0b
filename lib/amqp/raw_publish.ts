/**
 * Publishing with properties that are already encoded, so a copy of a delivered message goes
 * out with the bytes it came with (see `raw_properties.ts`). amqp-client only publishes from a
 * properties object, which it re-encodes lossily; this writes the same three kinds of frame
 * (method, content header, body) itself and takes part in the channel's publisher confirms the
 * way `basicPublish` does.
 */
import type { AMQPChannel } from "../deps.ts";
import { fixedProperties, PublishFrames, sendPublish } from "./publish_frames.ts";

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

/**
 * Publishes `message` on `channel`; resolves when the broker confirmed it (in confirm mode),
 * else when it was written. Throws `FrameTooLargeError` (publish_frames.ts) before writing anything when
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
  if (channel.closed) return Promise.reject(new Error("Channel is closed"));
  const frames = new PublishFrames({ ...message, properties: fixedProperties(message.properties) });
  const bytes = frames.encode(channel, 0, message.body);
  return new Promise<number>((resolve, reject) => {
    sendPublish(channel, bytes, () => resolve(0), reject);
  });
}
