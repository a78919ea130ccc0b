/**
 * Dead-letter redrive: the messages of a dead-letter queue sent back to where each one died
 * (its `x-first-death-queue` header, or the queue of its oldest `x-death` entry), or to an
 * exchange and routing key the operator gives. Each is published byte for byte with a
 * publisher confirm and acked in the dead-letter queue only once the broker confirmed its copy
 * and did not return it, so a message is never in neither queue: when the connection drops
 * midway, what was not acked goes back to the dead-letter queue by itself (at worst a message
 * is then in both). A message with no origin, or one that came back unroutable, stays where it
 * is.
 */
import type { AMQPChannel, AMQPConsumer, AMQPMessage } from "../deps.ts";
import { publishRaw, type SafeAmqpClient } from "../amqp/mod.ts";

/** The broker's largest prefetch: one run redrives at most this many messages. */
export const MAX_REDRIVE = 65_535;

/** Options for {@linkcode RedriveRun}. */
export interface RedriveOptions {
  /** The dead-letter queue. */
  from: string;
  /** Send every message here instead of to its origin ("" is the default exchange). */
  exchange?: string;
  /** With `exchange`: the routing key of every message (absent: each message's own). */
  routingKey?: string;
  /** Most copies awaiting their confirm at once (default 500). */
  confirmWindow?: number;
  /** Called after each message moved (for progress). */
  onMoved?: (counts: Readonly<RedriveCounts>) => void;
}

/** What a redrive did. */
export interface RedriveCounts {
  /** Messages read from the dead-letter queue. */
  read: number;
  /** Sent on, confirmed, and acked in the dead-letter queue. */
  moved: number;
  /** Left in the dead-letter queue: no origin to send them to (or their origin is `from`). */
  skipped: number;
  /** Left in the dead-letter queue: the broker returned the copy (no queue took it). */
  failed: number;
}

/** The outcome of a redrive, with where the messages went. */
export interface RedriveResult extends RedriveCounts {
  /** Messages in the dead-letter queue when the run started. */
  depth: number;
  /** How many went to each destination ("queue q" or "exchange x"). */
  destinations: Record<string, number>;
  seconds: number;
}

/** A redrive that stopped midway (the connection dropped): its counts so far. */
export class RedriveInterrupted extends Error {
  readonly counts: RedriveCounts;

  constructor(counts: RedriveCounts, cause: unknown) {
    super(
      `the redrive stopped after ${counts.moved} of ${counts.read} messages read were moved: ${
        cause instanceof Error ? cause.message : String(cause)
      }; every message not acked is back in the dead-letter queue`,
      { cause },
    );
    this.name = "RedriveInterrupted";
    this.counts = counts;
  }
}

/**
 * Where a dead-lettered message first died: `x-first-death-queue`, else the queue of the
 * oldest `x-death` entry; undefined when it says neither.
 *
 * @example
 * ```ts
 * originQueue({ "x-first-death-queue": "orders" }); // "orders"
 * ```
 */
export function originQueue(headers: Record<string, unknown> | undefined): string | undefined {
  const first = headers?.["x-first-death-queue"];
  if (typeof first === "string" && first !== "") return first;
  const deaths = headers?.["x-death"];
  if (!Array.isArray(deaths) || deaths.length === 0) return undefined;
  // Newest first: the last entry is where it died first.
  const oldest = deaths[deaths.length - 1] as Record<string, unknown> | undefined;
  return typeof oldest?.queue === "string" && oldest.queue !== "" ? oldest.queue : undefined;
}

/** One copy awaiting its confirm. */
interface InFlight {
  exchange: string;
  routingKey: string;
  body: Uint8Array;
  returned: boolean;
}

/**
 * One redrive.
 *
 * @example
 * ```ts
 * const result = await new RedriveRun(conn, { from: "orders.dlq" }).run();
 * console.log(`${result.moved} moved, ${result.skipped} skipped, ${result.failed} failed`);
 * ```
 */
export class RedriveRun {
  readonly #conn: SafeAmqpClient;
  readonly #options: RedriveOptions;
  readonly #start = performance.now();

  // Reading: the channel the dead-letter queue lends its messages on, and when to stop.
  #readChannel?: AMQPChannel;
  #subscription?: AMQPConsumer;
  #target = 0;
  #done!: () => void;
  #failed!: (error: unknown) => void;

  // Publishing: the confirm-mode channel and the copies not yet confirmed (oldest first).
  #publishChannel?: AMQPChannel;
  #inFlight: InFlight[] = [];
  #pending: Promise<void>[] = [];
  #chain: Promise<void> = Promise.resolve();
  #counts: RedriveCounts = { read: 0, moved: 0, skipped: 0, failed: 0 };
  // The first failure of a publish or an ack (the connection dropped): the run ends with it.
  #error?: unknown;
  #destinations: Record<string, number> = {};

  constructor(conn: SafeAmqpClient, options: RedriveOptions) {
    this.#conn = conn;
    this.#options = options;
  }

  /** Reads every message the queue held at the start, sends each on, waits for the confirms. */
  async run(): Promise<RedriveResult> {
    const finished = new Promise<void>((resolve, reject) => {
      this.#done = resolve;
      this.#failed = reject;
    });
    let depth = 0;
    try {
      await this.#openPublishChannel();
      depth = await this.#subscribe();
      if (this.#target > 0) await finished;
      await this.#chain;
      await Promise.all(this.#pending.splice(0));
      if (this.#error !== undefined) throw this.#error;
    } catch (error) {
      throw new RedriveInterrupted({ ...this.#counts }, error);
    } finally {
      await this.#close();
    }
    return {
      ...this.#counts,
      depth,
      destinations: this.#destinations,
      seconds: (performance.now() - this.#start) / 1000,
    };
  }

  /** A confirm-mode channel; a returned copy is marked, so its original is not acked. */
  async #openPublishChannel(): Promise<void> {
    const ch = this.#publishChannel = await this.#conn.channel();
    await ch.confirmSelect();
    // A return comes before the confirm of the same copy: mark the oldest copy it matches.
    ch.onReturn = (msg) => {
      const copy = this.#inFlight.find((c) =>
        !c.returned && c.exchange === msg.exchange && c.routingKey === msg.routingKey &&
        sameBytes(c.body, msg.body ?? new Uint8Array(0))
      );
      if (copy) copy.returned = true;
    };
  }

  /** Subscribes with a prefetch of all it will read (skipped messages stay lent until the end). */
  async #subscribe(): Promise<number> {
    const ch = this.#readChannel = await this.#conn.channel();
    const depth = (await ch.queueDeclare(this.#options.from, { passive: true })).messageCount;
    this.#target = Math.min(depth, MAX_REDRIVE);
    if (this.#target === 0) return depth;
    await ch.prefetch(this.#target);
    this.#subscription = await ch.basicConsume(
      this.#options.from,
      { noAck: false },
      (msg) => this.#onDelivery(msg),
    );
    this.#subscription.wait().then(
      () => this.#failed(new Error(`the consumer on '${this.#options.from}' was cancelled`)),
      (error) => this.#failed(error),
    );
    return depth;
  }

  /** Takes a delivery in order; stops once every message of the start was read. */
  #onDelivery(msg: AMQPMessage): void {
    if (this.#counts.read >= this.#target) return; // arrived since the start: handed back
    this.#counts.read++;
    this.#chain = this.#chain.then(() => this.#send(msg)).catch((error) => this.#failed(error));
    if (this.#counts.read >= this.#target) this.#chain.then(() => this.#done());
  }

  /** Where the message goes, or undefined: no origin (it stays). */
  #destinationOf(msg: AMQPMessage): { exchange: string; routingKey: string } | undefined {
    const { exchange, routingKey } = this.#options;
    if (exchange !== undefined) return { exchange, routingKey: routingKey ?? msg.routingKey };
    const origin = originQueue(msg.properties.headers);
    if (origin === undefined || origin === this.#options.from) return undefined;
    return { exchange: "", routingKey: origin };
  }

  /** Publishes one copy (waiting for the oldest confirm when the window is full). */
  async #send(msg: AMQPMessage): Promise<void> {
    const to = this.#destinationOf(msg);
    if (!to) {
      this.#counts.skipped++;
      return;
    }
    if (this.#pending.length >= (this.#options.confirmWindow ?? 500)) {
      await this.#pending.shift();
    }
    const copy: InFlight = { ...to, body: msg.body ?? new Uint8Array(0), returned: false };
    this.#inFlight.push(copy);
    const confirmed = publishRaw(this.#publishChannel!, {
      exchange: to.exchange,
      routingKey: to.routingKey,
      body: copy.body,
      properties: this.#conn.rawPropertiesOf(msg),
      mandatory: true,
    });
    this.#pending.push(
      confirmed.then(async () => {
        this.#inFlight.splice(this.#inFlight.indexOf(copy), 1);
        if (copy.returned) {
          this.#counts.failed++;
          return;
        }
        // The copy is safe: only now does the dead-lettered original go.
        await msg.ack();
        this.#counts.moved++;
        const name = to.exchange === "" ? `queue ${to.routingKey}` : `exchange ${to.exchange}`;
        this.#destinations[name] = (this.#destinations[name] ?? 0) + 1;
        this.#options.onMoved?.(this.#counts);
      }).catch((error) => {
        this.#error ??= error;
        this.#failed(error);
      }),
    );
  }

  /** Closes both channels: closing the reading one hands back every message not acked. */
  async #close(): Promise<void> {
    for (const ch of [this.#readChannel, this.#publishChannel]) {
      if (ch && !ch.closed) await ch.close().catch(() => {});
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
