/**
 * A message delivered to a consumer, read by the toolkit's own frame reader: its properties are
 * kept as the broker encoded them and decoded only when something reads them.
 */
import { AMQPMessage, type AMQPProperties } from "../deps.ts";
import { type BasicProperties, decodeBasicProperties } from "./basic_properties.ts";

/**
 * Where a message read by our client keeps its encoded properties (see `rawPropertiesOf`): on
 * the message itself, since a WeakMap of every delivery cost ~30% more CPU in GC.
 */
export const RAW_PROPERTIES: unique symbol = Symbol("rawProperties");
// The decoded properties, once read. A symbol, not a private field: amqp-client's constructor
// assigns `properties` before a subclass's private fields exist.
const DECODED: unique symbol = Symbol("decodedProperties");
/** Why some of a message's properties could not be read, once they were decoded. */
export const PROPERTIES_PROBLEM: unique symbol = Symbol("propertiesProblem");

/** A message as our reader hands it over: the encoded properties beside it. */
export interface MessageWithRaw extends AMQPMessage {
  [RAW_PROPERTIES]?: Uint8Array;
  [PROPERTIES_PROBLEM]?: string;
}

/**
 * A delivery whose `properties` are decoded from its encoded bytes on first read (all fourteen,
 * the headers as amqp-client decodes them; see `decodeBasicProperties`). A consumer that reads
 * only a few fields from the bytes (the envelope) never pays for the rest.
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
  declare [DECODED]?: BasicProperties;
  declare [PROPERTIES_PROBLEM]?: string;
  /** Bytes of a body that arrives in several frames received so far. */
  bodyReceived = 0;

  /** Keeps the encoded properties; they are decoded when `properties` is first read. */
  setEncodedProperties(raw: Uint8Array): void {
    this[RAW_PROPERTIES] = raw;
    this[DECODED] = undefined;
    this[PROPERTIES_PROBLEM] = undefined;
  }

  // @ts-expect-error: an accessor in place of the client's plain field, read the same way
  override get properties(): BasicProperties {
    return this[DECODED] ??= this.#decode();
  }

  override set properties(value: AMQPProperties) {
    this[DECODED] = value;
  }

  /**
   * The encoded properties decoded. A broker forwards only properties it could parse itself,
   * so nothing should be missing; if something is, the rest is still there, `problem` says
   * why (instead of a getter that throws inside a consumer's code), and the bytes stay
   * readable through `rawPropertiesOf`.
   */
  #decode(): BasicProperties {
    const raw = this[RAW_PROPERTIES];
    if (raw === undefined) return {};
    const { properties, problem } = decodeBasicProperties(raw);
    this[PROPERTIES_PROBLEM] = problem;
    return properties;
  }
}

/**
 * Why some properties of a message our client read could not be decoded, or undefined when all
 * were (the message's `properties` then hold every one).
 *
 * @example
 * ```ts
 * const msg = await ch.basicGet("q");
 * if (msg && propertiesProblemOf(msg)) console.log(`unreadable: ${propertiesProblemOf(msg)}`);
 * ```
 */
export function propertiesProblemOf(message: AMQPMessage): string | undefined {
  void message.properties; // a delivery decodes them on first read
  return (message as MessageWithRaw)[PROPERTIES_PROBLEM];
}
