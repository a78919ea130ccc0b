/**
 * Short strings read from frames, remembered: a consumer tag, an exchange, a routing key or a
 * header name comes again with nearly every delivery, and comparing a few bytes costs less than
 * decoding them into a new string each time.
 */

/** Slots of the cache (a power of two): a string's length and end bytes pick its slot. */
const SLOTS = 256;
/** Longer strings are decoded every time (a message id is unique anyway). */
const MAX_REMEMBERED = 64;

const decoder = new TextDecoder();

/**
 * Decodes UTF-8 byte ranges, returning the same string object for bytes it decoded recently.
 * Invalid UTF-8 becomes U+FFFD, as amqp-client's decoding makes it.
 *
 * @example
 * ```ts
 * const strings = new ShortStrings();
 * const bytes = new TextEncoder().encode("work.queue");
 * strings.read(bytes, 0, bytes.length); // "work.queue", remembered for the next delivery
 * ```
 */
export class ShortStrings {
  // Slot i holds a copy of the bytes and the string they decode to.
  readonly #bytes: (Uint8Array | undefined)[] = new Array(SLOTS).fill(undefined);
  readonly #strings: string[] = new Array(SLOTS).fill("");

  /** The string of `length` UTF-8 bytes of `buf` from `at`. */
  read(buf: Uint8Array, at: number, length: number): string {
    if (length === 0) return "";
    if (length > MAX_REMEMBERED) return decoder.decode(buf.subarray(at, at + length));
    const slot = (length * 7 + buf[at] * 31 + buf[at + length - 1]) & (SLOTS - 1);
    const known = this.#bytes[slot];
    if (known !== undefined && known.length === length && sameBytes(known, buf, at)) {
      return this.#strings[slot];
    }
    const bytes = buf.slice(at, at + length);
    const text = decoder.decode(bytes);
    this.#bytes[slot] = bytes;
    this.#strings[slot] = text;
    return text;
  }
}

/** Whether `buf` holds `known`'s bytes from `at`. */
function sameBytes(known: Uint8Array, buf: Uint8Array, at: number): boolean {
  for (let i = known.length - 1; i >= 0; i--) {
    if (known[i] !== buf[at + i]) return false;
  }
  return true;
}
