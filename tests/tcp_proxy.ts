/**
 * A TCP proxy in front of the broker that a test can cut: every proxied connection dropped at
 * once, as when a network link or a broker dies, without touching the shared broker.
 */

/** Options for {@linkcode TcpProxy}. */
export interface TcpProxyOptions {
  /**
   * Pass what the broker sends in pieces of at most this many bytes, one write a turn of the
   * event loop, so a client reads frames split over many reads.
   */
  chunkBytes?: number;
}

/** A running proxy. */
export class TcpProxy {
  readonly #listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  readonly #target: { hostname: string; port: number };
  readonly #chunkBytes: number;
  readonly #open = new Set<Deno.TcpConn>();
  #accepting: Promise<void>;

  constructor(target: { hostname: string; port: number }, options: TcpProxyOptions = {}) {
    this.#target = target;
    this.#chunkBytes = options.chunkBytes ?? Infinity;
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#accepting = this.#accept();
  }

  /** The port clients connect to. */
  get port(): number {
    return this.#listener.addr.port;
  }

  /** Connections dropped so far, through {@linkcode dropAll}. */
  dropped = 0;

  async #accept(): Promise<void> {
    for await (const client of this.#listener) {
      let upstream: Deno.TcpConn;
      try {
        upstream = await Deno.connect(this.#target);
      } catch {
        client.close();
        continue;
      }
      this.#open.add(client);
      this.#open.add(upstream);
      const done = () => {
        for (const c of [client, upstream]) {
          if (this.#open.delete(c)) {
            try {
              c.close();
            } catch { /* already closed */ }
          }
        }
      };
      this.#pump(client, upstream, (bytes) => this.#tripped(bytes), Infinity).finally(done);
      this.#pump(upstream, client, (bytes) => this.#rewritten(bytes), this.#chunkBytes)
        .finally(done);
    }
  }

  #stalled = false;
  /** When set, the first client write holding these bytes drops every connection. */
  #tripwire?: Uint8Array;

  /**
   * Drops every connection the first time a client sends `bytes` (e.g. an AMQP method's class
   * and method ids), before the broker sees them: a link that dies at one exact step.
   */
  dropWhenClientSends(bytes: Uint8Array): void {
    this.#tripwire = bytes;
  }

  #tripped(chunk: Uint8Array): boolean {
    if (!this.#tripwire || !contains(chunk, this.#tripwire)) return false;
    this.#tripwire = undefined;
    this.dropAll();
    return true;
  }

  /** Copies `from` to `to` in writes of at most `chunk` bytes, dropping what `drop` says to. */
  async #pump(
    from: Deno.TcpConn,
    to: Deno.TcpConn,
    drop: (bytes: Uint8Array) => boolean,
    chunk: number,
  ): Promise<void> {
    const buffer = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await from.read(buffer);
        if (n === null) return;
        if (drop(buffer.subarray(0, n))) continue;
        let written = 0;
        while (written < n) {
          written += await to.write(buffer.subarray(written, Math.min(n, written + chunk)));
          if (chunk !== Infinity) await new Promise((resolve) => setTimeout(resolve, 0));
        }
      }
    } catch {
      // a side closed
    }
  }

  /** Bytes replaced in what the broker sends, and their replacement (as long). */
  #rewrite?: { from: Uint8Array; to: Uint8Array };

  /**
   * From now on, every `from` in what the broker sends reaches the clients as `to` (of the same
   * length, so frames keep their sizes): a message that arrives damaged, for a reader's test.
   * Bytes split over two reads are passed as they are.
   */
  rewriteFromBroker(from: Uint8Array, to: Uint8Array): void {
    if (from.length !== to.length) {
      throw new Error("rewriteFromBroker: from and to differ in length");
    }
    this.#rewrite = { from, to };
  }

  /** Applies the rewrite to a read from the broker, in place; true when the link is stalled. */
  #rewritten(bytes: Uint8Array): boolean {
    const rewrite = this.#rewrite;
    if (rewrite) {
      const step = rewrite.from.length;
      for (
        let at = indexOf(bytes, rewrite.from, 0);
        at >= 0;
        at = indexOf(bytes, rewrite.from, at + step)
      ) {
        bytes.set(rewrite.to, at);
      }
    }
    return this.#stalled;
  }

  /** From now on, nothing the broker sends reaches the clients (a stuck link or broker). */
  stall(): void {
    this.#stalled = true;
  }

  /** Drops every open connection, both sides, at once. */
  dropAll(): void {
    for (const c of this.#open) {
      try {
        c.close();
      } catch { /* already closed */ }
      this.dropped++;
    }
    this.#open.clear();
  }

  /** Stops listening and drops what is open. */
  async close(): Promise<void> {
    this.#listener.close();
    this.dropAll();
    await this.#accepting.catch(() => {});
  }
}

/** Whether `haystack` holds the bytes of `needle`. */
function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return indexOf(haystack, needle, 0) >= 0;
}

/** Where the bytes of `needle` first occur in `haystack` from `from` on, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** AMQP method ids as they appear in a frame (class, method): queue.declare. */
export const QUEUE_DECLARE = new Uint8Array([0, 50, 0, 10]);

/** A proxy in front of the broker at `amqpUrl`, and the AMQP URL that goes through it. */
export function proxiedBroker(
  amqpUrl: string,
  options: TcpProxyOptions = {},
): { proxy: TcpProxy; url: string } {
  const broker = new URL(amqpUrl);
  const proxy = new TcpProxy(
    { hostname: broker.hostname, port: Number(broker.port || 5672) },
    options,
  );
  const viaProxy = new URL(amqpUrl);
  viaProxy.port = String(proxy.port);
  return { proxy, url: viaProxy.href };
}
