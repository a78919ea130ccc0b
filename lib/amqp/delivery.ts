/**
 * A message delivered to a consumer, read by the toolkit's own frame reader: its properties are
 * kept as the broker encoded them and decoded only when something reads them.
 */
import { AMQPMessage, type AMQPProperties, AMQPView } from "../deps.ts";

/**
 * Where a message read by our client keeps its encoded properties (see `rawPropertiesOf`): on
 * the message itself, since a WeakMap of every delivery cost ~30% more CPU in GC.
 */
export const RAW_PROPERTIES: unique symbol = Symbol("rawProperties");
// The decoded properties, once read. A symbol, not a private field: amqp-client's constructor
// assigns `properties` before a subclass's private fields exist.
const DECODED: unique symbol = Symbol("decodedProperties");

/** A message as our reader hands it over: the encoded properties beside it. */
export interface MessageWithRaw extends AMQPMessage {
  [RAW_PROPERTIES]?: Uint8Array;
}

/**
 * A delivery whose `properties` are decoded from its encoded bytes on first read (by
 * amqp-client's own decoder, so they look exactly as the client would have made them). A
 * consumer that reads only a few fields from the bytes (the envelope) never pays for the rest.
 *
 * @example
 * ```ts
 * const message = new Delivery(channel);
 * message.setEncodedProperties(new Uint8Array([0x10, 0x00, 2]));
 * message.properties.deliveryMode; // 2
 * ```
 */
export class Delivery extends AMQPMessage implements MessageWithRaw {
  declare [RAW_PROPERTIES]?: Uint8Array;
  declare [DECODED]?: AMQPProperties;
  /** Bytes of a body that arrives in several frames received so far. */
  bodyReceived = 0;

  /** Keeps the encoded properties; they are decoded when `properties` is first read. */
  setEncodedProperties(raw: Uint8Array): void {
    this[RAW_PROPERTIES] = raw;
    this[DECODED] = undefined;
  }

  // @ts-expect-error: an accessor in place of the client's plain field, read the same way
  override get properties(): AMQPProperties {
    return this[DECODED] ??= decodeProperties(this[RAW_PROPERTIES]);
  }

  override set properties(value: AMQPProperties) {
    this[DECODED] = value;
  }
}

/**
 * amqp-client's decoding of encoded properties. A broker only forwards properties it could
 * parse itself, so this does not fail; if it ever did, the message has no decoded properties
 * (`{}`) instead of a getter that throws inside a consumer's code, and its bytes stay readable
 * through `rawPropertiesOf`.
 */
function decodeProperties(raw: Uint8Array | undefined): AMQPProperties {
  if (raw === undefined) return {};
  try {
    return new AMQPView(raw.buffer, raw.byteOffset, raw.byteLength).getProperties(0)[0];
  } catch {
    return {};
  }
}
