/**
 * Reading a stream over the stream protocol: a subscription from an offset, flow by credit (the
 * broker sends a chunk per credit, and one credit goes back per chunk handled, so no more than
 * `credit` chunks are ever in hand), every entry of a chunk read (sub-entry batches too), and
 * the offset stored on the broker under the consumer's name, so a consumer started again under
 * that name goes on after the last message it stored.
 */
import { Code, type FrameReader, Key } from "./frames.ts";
import type { StreamConnection } from "./stream_connection.ts";
import type { StreamOffset } from "../messaging/stream_offset.ts";

/** Options for {@linkcode StreamSubscriber}. */
export interface StreamSubscribeOptions {
  stream: string;
  /** Where to start when the broker has no offset stored under `consumerName`. */
  offset: StreamOffset;
  /** Offsets are stored and resumed under this name; without it nothing is stored. */
  consumerName?: string;
  /** Start after the offset stored under `consumerName` when there is one (default true). */
  resume?: boolean;
  /** Chunks the broker may send ahead. */
  credit: number;
  /**
   * Called for every message: its bytes are `bytes[at, end)` (valid only during the call) at
   * stream offset `offset`, from a chunk written at `chunkTimestampMs`.
   */
  onMessage: (bytes: Uint8Array, at: number, end: number, offset: number) => void;
  /** A sub-entry batch it cannot read (compressed): the records it holds. */
  onUnreadable?: (records: number) => void;
}

const SUBSCRIPTION_ID = 0;
const USER_CHUNK = 0;

/**
 * A subscription on one connection.
 *
 * @example
 * ```ts
 * const sub = new StreamSubscriber(conn, { stream: "events", offset: "first", credit: 8,
 *   consumerName: "reader-1", onMessage: (bytes, at, end, offset) => {} });
 * await sub.start();
 * ```
 */
export class StreamSubscriber {
  readonly #conn: StreamConnection;
  readonly #o: StreamSubscribeOptions;
  /** Messages before this offset are skipped (a chunk may start before where we asked). */
  #from = 0;
  /** The offset of the last message handed out; -1 before the first. */
  #last = -1;
  #stored = -1;

  constructor(conn: StreamConnection, options: StreamSubscribeOptions) {
    this.#conn = conn;
    this.#o = options;
  }

  /** The last offset handed to `onMessage` (-1: none yet). */
  get lastOffset(): number {
    return this.#last;
  }

  /**
   * Subscribes: from the offset stored under the consumer's name (after it), else from
   * `offset`. Resolves with where it started, as said to the user.
   */
  async start(): Promise<{ resumedAfter?: number }> {
    const stored = this.#o.resume === false ? undefined : await this.storedOffset();
    const start: StreamOffset = stored === undefined ? this.#o.offset : stored + 1;
    this.#from = typeof start === "number" ? start : 0;
    this.#conn.handlers.onDeliver = (id, r) => {
      if (id === SUBSCRIPTION_ID) this.#onChunk(r);
    };
    const properties: Record<string, string> = this.#o.consumerName
      ? { name: this.#o.consumerName }
      : {};
    await this.#conn.request(
      `subscribe to stream '${this.#o.stream}'`,
      Key.subscribe,
      (w) => {
        w.u8(SUBSCRIPTION_ID).string(this.#o.stream);
        writeOffset(w, start);
        w.u16(this.#o.credit).map(properties);
      },
    );
    return stored === undefined ? {} : { resumedAfter: stored };
  }

  /** The offset stored under the consumer's name; `undefined` when none (or no name). */
  async storedOffset(): Promise<number | undefined> {
    const name = this.#o.consumerName;
    if (!name) return undefined;
    const r = await this.#conn.request(
      `query offset of '${name}'`,
      Key.queryOffset,
      (w) => w.string(name).string(this.#o.stream),
      [Code.noOffset],
    );
    return r.code === Code.ok ? r.u64() : undefined;
  }

  /**
   * Stores `offset` (the last message handled; by default the last handed out) under the
   * consumer's name, when it moved.
   */
  async storeOffset(offset = this.#last): Promise<void> {
    const name = this.#o.consumerName;
    if (!name || offset < 0 || offset === this.#stored) return;
    await this.#conn.send((w) =>
      w.begin(Key.storeOffset).string(name).string(this.#o.stream).u64(offset).end()
    );
    this.#stored = offset;
  }

  /** Ends the subscription (the connection stays open). */
  async stop(): Promise<void> {
    this.#conn.handlers.onDeliver = undefined;
    await this.#conn.request("unsubscribe", Key.unsubscribe, (w) => w.u8(SUBSCRIPTION_ID))
      .catch(() => {});
  }

  #onChunk(r: FrameReader): void {
    r.u8(); // magic and version
    const chunkType = r.u8();
    const entries = r.u16();
    r.u32(); // records
    r.skip(8 + 8); // timestamp, epoch
    let offset = r.u64();
    r.skip(4); // CRC
    const dataLength = r.u32();
    r.skip(4 + 4); // trailer length, reserved
    // Whatever else precedes the data (a filter's bloom bytes) is skipped: the data ends the frame.
    r.at = r.end - dataLength;
    if (chunkType === USER_CHUNK) {
      for (let i = 0; i < entries; i++) offset = this.#entry(r, offset);
    }
    // One credit back per chunk handled keeps `credit` chunks in flight at most.
    void this.#conn.send((w) => w.begin(Key.credit).u8(SUBSCRIPTION_ID).u16(1).end())
      .catch(() => {});
  }

  /** Reads one entry (a message, or a batch of them); returns the next offset. */
  #entry(r: FrameReader, offset: number): number {
    const head = r.u32();
    if ((head & 0x8000_0000) === 0) {
      const at = r.at;
      r.skip(head);
      this.#message(r.bytes, at, at + head, offset);
      return offset + 1;
    }
    // A sub-entry batch: type byte (compression in bits 4-6), records, sizes, then records.
    const compression = (head >>> 28) & 0x7;
    const records = (head >>> 8) & 0xffff;
    r.at -= 1; // the 4 bytes read were the type byte, the record count and 1 byte more
    r.u32(); // uncompressed length
    const length = r.u32();
    const end = r.at + length;
    if (compression !== 0) {
      r.skip(length);
      this.#o.onUnreadable?.(records);
      return offset + records;
    }
    for (let i = 0; i < records; i++) {
      const size = r.u32();
      const at = r.at;
      r.skip(size);
      this.#message(r.bytes, at, at + size, offset + i);
    }
    r.at = end;
    return offset + records;
  }

  #message(bytes: Uint8Array, at: number, end: number, offset: number): void {
    if (offset < this.#from) return;
    this.#last = offset;
    this.#o.onMessage(bytes, at, end, offset);
  }
}

/** Writes an offset specification: its type, and the offset or timestamp it carries. */
function writeOffset(
  w: { u16(n: number): unknown; u64(n: number): unknown; i64(n: number): unknown },
  offset: StreamOffset,
): void {
  if (offset === "first") w.u16(1);
  else if (offset === "last") w.u16(2);
  else if (offset === "next") w.u16(3);
  else if (typeof offset === "number") {
    w.u16(4);
    w.u64(offset);
  } else {
    w.u16(5);
    w.i64(offset.getTime());
  }
}
