/**
 * Message ids that carry where a message sits in its run: a UUIDv8 (RFC 9562, §5.8) holding
 * the send time in Unix milliseconds (as a UUIDv7 does), the run id and the sequence number.
 *
 * ```
 * 019ae8f3-c2a1-83f9-8a1b-2c4d0000007b
 * └ send time ─┘ └run┘ └run┘ └run┘└seq┘   version "8", variant "8"
 * ```
 *
 * The broker decodes every header of every message it stores; carrying run id and sequence
 * number in the message id, which every message has anyway, spares it two headers per message
 * (BENCHMARKS.md, "What each envelope field costs").
 */

/** Hex digits in a run id: 40 random bits. */
export const RUN_ID_DIGITS = 10;
/** The largest sequence number a message id holds (32 bits). */
export const MAX_SEQ = 0xffff_ffff;

/** Where the sequence number's 8 hex digits start. */
const SEQ_AT = 28;
/** The layout of a run message id: 36 characters, dashes at 8, 13, 18 and 23. */
const ID_LENGTH = 36;
/** Where the run's digits start: right after the version digit "8". */
const RUN_AT = 15;
const DASH = 0x2d;
const EIGHT = 0x38;

const RUN_ID = /^[0-9a-f]{10}$/;
const ASCII = new TextEncoder();
const HEX = ASCII.encode("0123456789abcdef");

/** What a run's message id says. */
export interface RunMessageId {
  /** Send time in Unix milliseconds. */
  sentAtMs: number;
  /** The run: {@linkcode RUN_ID_DIGITS} lowercase hex digits. */
  runId: string;
  /** The message's number in its run, 1 to {@linkcode MAX_SEQ}. */
  seq: number;
}

/**
 * A new random run id.
 *
 * @example
 * ```ts
 * newRunId(); // "3f9a1b2c4d"
 * ```
 */
export function newRunId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RUN_ID_DIGITS / 2));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Whether `runId` is a run id a message id can carry (what {@linkcode newRunId} makes).
 *
 * @example
 * ```ts
 * isRunId("3f9a1b2c4d"); // true
 * isRunId("run-1"); // false
 * ```
 */
export function isRunId(runId: string): boolean {
  return RUN_ID.test(runId);
}

/**
 * The message id of message `seq` of run `runId`, sent at `sentAtMs`.
 *
 * @example
 * ```ts
 * runMessageId({ sentAtMs: 0x019ae8f3c2a1, runId: "3f9a1b2c4d", seq: 123 });
 * // "019ae8f3-c2a1-83f9-8a1b-2c4d0000007b"
 * ```
 */
export function runMessageId(id: RunMessageId): string {
  checkRunId(id.runId);
  checkSeq(id.seq);
  const run = id.runId;
  const seq = id.seq.toString(16).padStart(8, "0");
  return `${timeDigits(id.sentAtMs)}-8${run.slice(0, 3)}-8${run.slice(3, 6)}-${run.slice(6)}${seq}`;
}

/**
 * Reads a message id made by {@linkcode runMessageId}; `undefined` for any other string (a
 * UUIDv4 or v7, a UUIDv8 of another layout, sequence number 0). Never throws.
 *
 * @example
 * ```ts
 * readRunMessageId("019ae8f3-c2a1-83f9-8a1b-2c4d0000007b")?.seq; // 123
 * ```
 */
export function readRunMessageId(id: unknown): RunMessageId | undefined {
  if (typeof id !== "string" || id.length !== ID_LENGTH) return undefined;
  const bytes = ASCII.encode(id);
  return new RunMessageIdReader().read(bytes, 0, bytes.length);
}

/**
 * Reads message ids made by {@linkcode runMessageId} from their ASCII bytes (as they sit in a
 * message's encoded properties), without making a string of them; the run id's string is
 * remembered while message after message carries the same run.
 *
 * @example
 * ```ts
 * const reader = new RunMessageIdReader();
 * const id = new TextEncoder().encode("019ae8f3-c2a1-83f9-8a1b-2c4d0000007b");
 * reader.read(id, 0, id.length)?.seq; // 123
 * ```
 */
export class RunMessageIdReader {
  /** The bytes last read from the run's first digit to the sequence number ("xxx-8xxx-xxxx"). */
  readonly #runBytes = new Uint8Array(SEQ_AT - RUN_AT);
  #runId = "";

  /** The id in `length` bytes of `bytes` from `at`; `undefined` as for `readRunMessageId`. */
  read(bytes: Uint8Array, at: number, length: number): RunMessageId | undefined {
    if (length !== ID_LENGTH || !isRunMessageId(bytes, at)) return undefined;
    const seq = hexValue(bytes, at + SEQ_AT, 8);
    if (seq < 1) return undefined;
    const sentAtMs = hexValue(bytes, at, 8) * 0x10000 + hexValue(bytes, at + 9, 4);
    return { sentAtMs, runId: this.#runOf(bytes, at), seq };
  }

  /** The run id of the id at `at`: the last one's string when its digits are the same. */
  #runOf(bytes: Uint8Array, at: number): string {
    const known = this.#runBytes;
    let same = this.#runId !== "";
    for (let i = 0; i < known.length && same; i++) same = known[i] === bytes[at + RUN_AT + i];
    if (same) return this.#runId;
    known.set(bytes.subarray(at + RUN_AT, at + SEQ_AT));
    // The run's digits follow the version "8", the variant "8" and the last dash.
    const digits = String.fromCharCode(...known);
    return this.#runId = digits.slice(0, 3) + digits.slice(5, 8) + digits.slice(9);
  }
}

/** Whether the 36 bytes at `at` are lowercase hex with dashes, version 8 and variant 8. */
function isRunMessageId(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < ID_LENGTH; i++) {
    const c = bytes[at + i];
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== DASH) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
      return false;
    }
  }
  return bytes[at + 14] === EIGHT && bytes[at + 19] === EIGHT;
}

/** The value of `digits` lowercase hex digits at `at` (already checked). */
function hexValue(bytes: Uint8Array, at: number, digits: number): number {
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const c = bytes[at + i];
    value = value * 16 + (c <= 0x39 ? c - 0x30 : c - 0x57);
  }
  return value;
}

/**
 * Writes message `seq`'s id of run `runId` as ASCII into `out` at `at` (36 bytes), without
 * building a string: the publish path calls it once per message.
 *
 * @example
 * ```ts
 * const ids = new RunMessageIdWriter("3f9a1b2c4d");
 * const out = new Uint8Array(36);
 * ids.write(out, 0, 123, 0x019ae8f3c2a1); // out holds "019ae8f3-c2a1-83f9-8a1b-2c4d0000007b"
 * ```
 */
export class RunMessageIdWriter {
  // The id's constant digits (run id, version, variant, dashes), encoded once.
  readonly #template: Uint8Array;
  // The time part ("xxxxxxxx-xxxx") for the millisecond it was last written in.
  readonly #timeDigits = new Uint8Array(13);
  #timeMs = -1;

  /** Prepares ids for run `runId`; throws unless it is a run id (see {@linkcode isRunId}). */
  constructor(runId: string) {
    checkRunId(runId);
    this.#template = ASCII.encode(runMessageId({ sentAtMs: 0, runId, seq: 1 }));
  }

  /** Writes the id of message `seq`, sent at `sentAtMs`. */
  write(out: Uint8Array, at: number, seq: number, sentAtMs: number): void {
    if (seq === 0 || seq >>> 0 !== seq) checkSeq(seq); // not a whole number in 1..MAX_SEQ
    if (sentAtMs !== this.#timeMs) this.#setTime(sentAtMs);
    out.set(this.#template, at);
    out.set(this.#timeDigits, at);
    for (let i = 7, value = seq; i >= 0; i--, value >>>= 4) {
      out[at + SEQ_AT + i] = HEX[value & 15];
    }
  }

  #setTime(ms: number): void {
    this.#timeMs = ms;
    ASCII.encodeInto(timeDigits(ms), this.#timeDigits);
  }
}

/** "xxxxxxxx-xxxx": Unix milliseconds as the id's first 48 bits. */
function timeDigits(ms: number): string {
  const hex = ms.toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8)}`;
}

function checkRunId(runId: string): void {
  if (!isRunId(runId)) {
    throw new RangeError(
      `run id "${runId}": must be ${RUN_ID_DIGITS} lowercase hex digits (newRunId() makes one)`,
    );
  }
}

function checkSeq(seq: number): void {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) {
    throw new RangeError(`seq ${seq}: must be a whole number from 1 to ${MAX_SEQ}`);
  }
}
