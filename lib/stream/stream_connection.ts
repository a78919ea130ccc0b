/**
 * One connection over RabbitMQ's stream protocol: the handshake (peer properties, SASL PLAIN,
 * tune, open), requests matched to their responses by correlation id, heartbeats, and the
 * server's pushes (publish confirms and errors, deliveries) handed to whoever registered for
 * them. Frames are cut from the socket's bytes without copying where a frame lies whole in
 * one read.
 */
import { Code, CODE_TEXT, FrameReader, FrameWriter, Key, RESPONSE } from "./frames.ts";

/** Where and as whom to connect. */
export interface StreamEndpoint {
  host: string;
  port: number;
  username: string;
  password: string;
  vhost: string;
}

/** Options for {@linkcode StreamConnection.connect}. */
export interface StreamConnectOptions extends StreamEndpoint {
  /** Shown in the management UI's connection list. */
  connectionName?: string;
  /** Seconds between heartbeats the client asks for (0: none). */
  heartbeatSeconds?: number;
}

/** A refusal from the broker: the response code and what it means. */
export class StreamError extends Error {
  readonly code: number;
  constructor(what: string, code: number) {
    super(`${what}: ${CODE_TEXT[code] ?? `response code ${code}`}`);
    this.name = "StreamError";
    this.code = code;
  }
}

/** What the connection hands out as it arrives. */
export interface StreamHandlers {
  /** Publishing ids confirmed: `count` ids read from `r`, one `u64()` each. */
  onConfirm?: (publisherId: number, count: number, r: FrameReader) => void;
  /** Publishing ids refused, each with a code. */
  onPublishError?: (publisherId: number, errors: { id: number; code: number }[]) => void;
  /** A chunk: `r` stands at the chunk's first byte (its magic and version). */
  onDeliver?: (subscriptionId: number, r: FrameReader) => void;
  /** The stream was deleted or moved (metadata update). */
  onMetadataUpdate?: (stream: string, code: number) => void;
}

interface Pending {
  resolve: (r: FrameReader) => void;
  reject: (e: Error) => void;
  what: string;
}

const READ_SIZE = 1 << 20;

/**
 * A stream protocol connection.
 *
 * @example
 * ```ts
 * const conn = await StreamConnection.connect({ host: "127.0.0.1", port: 5552,
 *   username: "guest", password: "guest", vhost: "/" });
 * await conn.createStream("events", {});
 * await conn.close();
 * ```
 */
export class StreamConnection {
  readonly #socket: Deno.Conn;
  readonly #pending = new Map<number, Pending>();
  readonly #writer = new FrameWriter();
  #nextCorrelation = 1;
  #writing: Promise<unknown> = Promise.resolve();
  #closedError: Error | undefined;
  #closing = false;
  #frameMax = 1_048_576;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #lastRead = Date.now();
  /** Resolves when the connection is gone: with the reason, `undefined` after `close()`. */
  readonly closed: Promise<Error | undefined>;
  #onClosed!: (e: Error | undefined) => void;
  handlers: StreamHandlers = {};

  private constructor(socket: Deno.Conn) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => this.#onClosed = resolve);
  }

  /** Connects and completes the handshake; throws a `StreamError` on a refusal. */
  static async connect(options: StreamConnectOptions): Promise<StreamConnection> {
    const socket = await Deno.connect({ hostname: options.host, port: options.port });
    socket.setNoDelay(true);
    const conn = new StreamConnection(socket);
    void conn.#readLoop();
    try {
      await conn.#handshake(options);
    } catch (error) {
      conn.#fail(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    return conn;
  }

  /** The largest frame the broker accepts. */
  get frameMax(): number {
    return this.#frameMax;
  }

  /** Whether the connection still works. */
  get isOpen(): boolean {
    return this.#closedError === undefined && !this.#closing;
  }

  async #handshake(options: StreamConnectOptions): Promise<void> {
    await this.request("peer properties", Key.peerProperties, (w) =>
      w.map({
        product: "rabbitmq-toolkit",
        connection_name: options.connectionName ?? "rabbitmq-toolkit stream",
      }));
    await this.request("SASL handshake", Key.saslHandshake, () => {});
    const plain = new TextEncoder().encode(`\0${options.username}\0${options.password}`);
    await this.request(
      "authentication",
      Key.saslAuthenticate,
      (w) => w.string("PLAIN").bytes(plain),
    );
    const tuned = await this.#tuned;
    this.#frameMax = tuned.frameMax || this.#frameMax;
    const heartbeat = Math.min(options.heartbeatSeconds ?? 60, tuned.heartbeat || 60);
    await this.#send((w) => w.begin(Key.tune).u32(this.#frameMax).u32(heartbeat).end());
    await this.request(
      `open virtual host '${options.vhost}'`,
      Key.open,
      (w) => w.string(options.vhost),
    );
    if (heartbeat > 0) this.#startHeartbeat(heartbeat);
  }

  #tunedResolve!: (t: { frameMax: number; heartbeat: number }) => void;
  readonly #tuned = new Promise<{ frameMax: number; heartbeat: number }>((resolve) =>
    this.#tunedResolve = resolve
  );

  #startHeartbeat(seconds: number): void {
    const timer = setInterval(() => {
      if (Date.now() - this.#lastRead > seconds * 2000) {
        this.#fail(new Error(`no heartbeat from the broker for ${seconds * 2} s`));
        return;
      }
      void this.#send((w) => w.begin(Key.heartbeat).end()).catch(() => {});
    }, seconds * 1000);
    Deno.unrefTimer(timer as unknown as number);
    this.#heartbeat = timer;
  }

  /**
   * Sends a request with a correlation id and `fields` after it; resolves with the response's
   * reader (standing after its code) when the code is OK, else rejects with a `StreamError`
   * naming `what`. `accept` lists codes other than OK that resolve too.
   */
  request(
    what: string,
    key: number,
    fields: (w: FrameWriter) => void,
    accept: number[] = [],
  ): Promise<FrameReader & { code: number }> {
    if (this.#closedError) return Promise.reject(this.#closedError);
    const correlation = this.#nextCorrelation++;
    return new Promise((resolve, reject) => {
      this.#pending.set(correlation, {
        what,
        reject,
        resolve: (r) => {
          const code = r.u16();
          if (code === Code.ok || accept.includes(code)) {
            resolve(Object.assign(r, { code }));
          } else reject(new StreamError(what, code));
        },
      });
      this.#send((w) => {
        w.begin(key).u32(correlation);
        fields(w);
        w.end();
      }).catch(reject);
    });
  }

  /** Sends one frame built by `build` (writes happen in the order they are asked for). */
  send(build: (w: FrameWriter) => void): Promise<void> {
    return this.#send(build);
  }

  /** Writes bytes as they are (frames the caller built); in order with every other write. */
  write(bytes: Uint8Array): Promise<void> {
    const done = this.#writing.then(() => this.#writeAll(bytes));
    this.#writing = done.catch(() => {});
    return done;
  }

  #send(build: (w: FrameWriter) => void): Promise<void> {
    build(this.#writer);
    const bytes = this.#writer.finish().slice();
    return this.write(bytes);
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    if (this.#closedError) throw this.#closedError;
    let at = 0;
    while (at < bytes.length) at += await this.#socket.write(bytes.subarray(at));
  }

  /** Creates a stream; resolves `false` when it already exists. */
  async createStream(stream: string, args: Record<string, string>): Promise<boolean> {
    const r = await this.request(
      `create stream '${stream}'`,
      Key.create,
      (w) => w.string(stream).map(args),
      [Code.streamAlreadyExists],
    );
    return r.code === Code.ok;
  }

  /** Deletes a stream; resolves `false` when there was none. */
  async deleteStream(stream: string): Promise<boolean> {
    const r = await this.request(
      `delete stream '${stream}'`,
      Key.delete,
      (w) => w.string(stream),
      [Code.streamDoesNotExist],
    );
    return r.code === Code.ok;
  }

  /** Closes the connection (telling the broker first, when it still answers). */
  async close(): Promise<void> {
    if (this.#closedError || this.#closing) return;
    this.#closing = true;
    const answered = this.request("close", Key.close, (w) => w.u16(Code.ok).string("done"))
      .catch(() => {});
    // A broker that does not answer within 2 s is not waited for.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([answered, new Promise((r) => timer = setTimeout(r, 2000))]);
    clearTimeout(timer);
    this.#fail(undefined);
  }

  #fail(error: Error | undefined): void {
    if (this.#closedError) return;
    this.#closedError = error ?? new Error("stream connection closed");
    clearInterval(this.#heartbeat);
    try {
      this.#socket.close();
    } catch { /* already closed */ }
    for (const p of this.#pending.values()) p.reject(this.#closedError);
    this.#pending.clear();
    this.#onClosed(error);
  }

  async #readLoop(): Promise<void> {
    let buf = new Uint8Array(READ_SIZE);
    let start = 0;
    let end = 0;
    try {
      for (;;) {
        if (end === buf.length) {
          // Make room for the unfinished frame: move it to the front, or grow for a large one.
          const kept = end - start;
          if (kept > buf.length / 2) {
            const bigger = new Uint8Array(buf.length * 2);
            bigger.set(buf.subarray(start, end));
            buf = bigger;
          } else buf.copyWithin(0, start, end);
          start = 0;
          end = kept;
        }
        const n = await this.#socket.read(buf.subarray(end));
        if (n === null) throw new Error("the broker closed the stream connection");
        end += n;
        this.#lastRead = Date.now();
        start = this.#frames(buf, start, end);
        if (start === end) start = end = 0;
      }
    } catch (error) {
      this.#fail(
        this.#closing ? undefined : error instanceof Error ? error : new Error(String(error)),
      );
    }
  }

  /** Handles every whole frame in `buf[start, end)`; returns where the unfinished one starts. */
  #frames(buf: Uint8Array, start: number, end: number): number {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (end - start >= 4) {
      const size = view.getUint32(start);
      if (size > this.#frameMax * 2 + 1024 && size > 16 * 1_048_576) {
        throw new Error(`the broker sent a frame of ${size} bytes`);
      }
      if (end - start - 4 < size) break;
      this.#frame(new FrameReader(buf, start + 4, start + 4 + size));
      start += 4 + size;
    }
    return start;
  }

  #frame(r: FrameReader): void {
    const key = r.u16();
    r.u16(); // version
    switch (key) {
      case Key.deliver:
        this.handlers.onDeliver?.(r.u8(), r);
        return;
      case Key.publishConfirm: {
        const publisher = r.u8();
        this.handlers.onConfirm?.(publisher, r.u32(), r);
        return;
      }
      case Key.publishError: {
        const publisher = r.u8();
        const count = r.u32();
        const errors = Array.from({ length: count }, () => ({ id: r.u64(), code: r.u16() }));
        this.handlers.onPublishError?.(publisher, errors);
        return;
      }
      case Key.credit | RESPONSE: {
        // Only sent when a credit names an unknown subscription.
        const code = r.u16();
        this.#fail(new StreamError(`credit for subscription ${r.u8()}`, code));
        return;
      }
      case Key.tune:
        this.#tunedResolve({ frameMax: r.u32(), heartbeat: r.u32() });
        return;
      case Key.heartbeat:
        return;
      case Key.metadataUpdate: {
        const code = r.u16();
        this.handlers.onMetadataUpdate?.(r.string(), code);
        return;
      }
      case Key.close: {
        const correlation = r.u32();
        const code = r.u16();
        const reason = r.string();
        void this.#send((w) => w.begin(Key.close | RESPONSE).u32(correlation).u16(Code.ok).end())
          .catch(() => {});
        this.#fail(new Error(`the broker closed the stream connection: ${reason || code}`));
        return;
      }
    }
    if (key & RESPONSE) {
      const correlation = r.u32();
      const pending = this.#pending.get(correlation);
      if (!pending) return;
      this.#pending.delete(correlation);
      pending.resolve(r);
    }
  }
}
