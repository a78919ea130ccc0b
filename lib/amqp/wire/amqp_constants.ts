/**
 * The numbers of AMQP 0-9-1 the toolkit's own codec reads and writes (frames, methods, basic
 * properties), written once: the frame reader, the delivery reader, the publish frames and the
 * property codecs all take them from here.
 */

/** Frame types (the first byte of a frame). */
export const FrameType = {
  METHOD: 1,
  HEADER: 2,
  BODY: 3,
  HEARTBEAT: 8,
} as const;

/** The byte that ends every frame. */
export const FRAME_END = 0xce;

/** Bytes before a frame's payload: type (1), channel (2), payload size (4). */
export const FRAME_HEADER_BYTES = 7;

/** A frame's bytes besides its payload: the header and the end byte. */
export const FRAME_OVERHEAD = FRAME_HEADER_BYTES + 1;

/** A content header's payload before its properties: class (2), weight (2), body size (8). */
export const CONTENT_HEADER_PREFIX = 12;

/** Classes and methods, by their numbers. */
export const AmqpMethod = {
  CONNECTION_CLASS: 10,
  CONNECTION_START: 10,
  BASIC_CLASS: 60,
  BASIC_PUBLISH: 40,
  BASIC_DELIVER: 60,
} as const;

/**
 * A method's class and method ids as the 32-bit number a method frame's payload starts with.
 *
 * @example
 * ```ts
 * methodKey(60, 60); // basic.deliver: 0x003c003c
 * ```
 */
export function methodKey(classId: number, methodId: number): number {
  return (classId << 16) | methodId;
}

/**
 * Basic property flags, in the order their fields are encoded (AMQP 0-9-1 basic class). 0x0002
 * is reserved and 0x0001 would say another flag word follows; neither is used.
 */
export const PropertyFlag = {
  CONTENT_TYPE: 0x8000,
  CONTENT_ENCODING: 0x4000,
  HEADERS: 0x2000,
  DELIVERY_MODE: 0x1000,
  PRIORITY: 0x0800,
  CORRELATION_ID: 0x0400,
  REPLY_TO: 0x0200,
  EXPIRATION: 0x0100,
  MESSAGE_ID: 0x0080,
  TIMESTAMP: 0x0040,
  TYPE: 0x0020,
  USER_ID: 0x0010,
  APP_ID: 0x0008,
  CLUSTER_ID: 0x0004,
} as const;
