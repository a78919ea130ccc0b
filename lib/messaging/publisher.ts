/**
 * Confirm-windowed publishing: every message is published with publisher confirms, at most
 * `confirmWindow` wait for their confirm at any time, and a message counts as confirmed only
 * when the broker acked it and did not return it as unroutable.
 */
import type { AMQPChannel, AMQPClient } from "../deps.ts";
import type { MessageProperties } from "./message_types.ts";
import {
  type ErrorHints,
  explainBrokerError,
  isConnectionLoss,
  type PropertiesWriter,
  PublishFrames,
  sendPublish,
  settleNacksCumulatively,
} from "../amqp/mod.ts";
import { messageOf, sleep } from "../_util/mod.ts";
import { ConfirmWindow } from "./confirm_window.ts";
import { FlowGate } from "./flow_gate.ts";
import { classifyRefusal } from "./publish_refusal.ts";
import { rate } from "./stats.ts";

/** Counters of a publish run, as they stand. */
export interface PublishProgress {
  /** Messages handed to the broker. */
  published: number;
  /** Acked by the broker and routed to at least one queue. */
  confirmed: number;
  /** Refused by the broker (basic.nack). */
  nacked: number;
  /** Returned as unroutable (mandatory publish that reached no queue). */
  returned: number;
  /** Seconds since the first publish. */
  seconds: number;
}

/** The outcome of {@linkcode publishMessages}. */
export interface PublishResult extends PublishProgress {
  /** Messages published again after a reconnect (they may arrive twice). */
  republished: number;
  /** Nacked messages published again on a new channel (see `nackRetries`). */
  retriedNacks: number;
  /** A confirm did not come within `confirmTimeoutMs`; the run stopped waiting. */
  timedOut: boolean;
  /** Confirmed messages per second. */
  rate: number;
  /** Why the run ended early, when it did (e.g. the channel was closed by the broker). */
  error?: string;
}

/** What a publish run does: where, how many, what, and how fast. */
export interface PublishSettings {
  /** The exchange to publish to ("" for the default exchange). */
  exchange: string;
  /** The routing key of every message. */
  routingKey: string;
  /** How many messages; sequence numbers run from `firstSeq` (default 1) on. */
  count: number;
  /** The first message's sequence number (a share of a run published in parallel). */
  firstSeq?: number;
  /** The body, or the body of message `seq` (may reuse one buffer: it is copied at publish). */
  body: Uint8Array | ((seq: number) => Uint8Array);
  /** Publisher confirms (default true). Without them a message counts once written. */
  confirm?: boolean;
  /** Told each confirm's latency in milliseconds, from publish to the broker's ack. */
  onConfirm?: (latencyMs: number) => void;
  /**
   * Properties of message `seq`: a function (see `envelopeFactory`), or encoded properties
   * written straight into each publish frame (see `EnvelopeTemplate`), which costs the client
   * far less per message.
   */
  properties: ((seq: number) => MessageProperties) | PropertiesWriter;
  /** Most messages awaiting their confirm at once. */
  confirmWindow: number;
  /** Messages per second cap; 0 is unlimited. */
  rate: number;
  /** Called after every `progressEvery` confirms. */
  onProgress?: (progress: PublishProgress) => void;
  /** See `onProgress` (0 or absent: never). */
  progressEvery?: number;
  /** Told when the broker blocks publishers (memory or disk alarm) and when it lets go. */
  onBlocked?: (reason: string | undefined) => void;
  /** Stops publishing new messages; those in flight are still awaited. */
  signal?: AbortSignal;
  /** Give up when a confirm takes longer than this (ms); without it, wait as long as it takes. */
  confirmTimeoutMs?: number;
  /**
   * How many times a nacked message is published again, each time on a new channel after a
   * growing pause (0.25 s doubling to 4 s); default 0. A quorum queue nacks while it elects a
   * new leader, and a channel that saw those nacks keeps nacking: a new channel does not.
   * Once one message was refused every time, later nacks are counted without retrying.
   */
  nackRetries?: number;
  /** The caller's words for what to change when the broker refuses (the message size, say). */
  hints?: ErrorHints;
}

/** Options for {@linkcode publishMessages}: the settings, and how to reconnect. */
export interface PublishOptions extends PublishSettings {
  /**
   * Reopens a dropped connection (and declares what the run needs on it); its unconfirmed
   * messages are then published again. Throwing gives up. Without it, a drop ends the run.
   */
  reconnect?: (cause: unknown) => Promise<AMQPClient>;
}

/**
 * Most body bytes awaiting their confirm at once: the client holds a publish's bytes until
 * the socket took them, so a window of large messages is bounded by size as well as by count
 * (5,000 messages of 1 MB would otherwise be 5 GB).
 */
export const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/**
 * Publishes `count` messages on a new confirm-mode channel of `conn` and waits for every
 * confirm. Never throws for broker refusals: they end the run and come back in `error`. With
 * `reconnect`, a dropped connection is reopened and every message not yet confirmed is
 * published again (so nothing is lost; a message may arrive twice).
 *
 * @example
 * ```ts
 * const result = await publishMessages(conn, { exchange: "x", routingKey: "k", count: 100,
 *   body: new TextEncoder().encode("hi"), properties: () => ({}), confirmWindow: 100, rate: 0 });
 * result.confirmed; // 100
 * ```
 */
export async function publishMessages(
  conn: AMQPClient,
  options: PublishOptions,
): Promise<PublishResult> {
  return await new PublishRun(conn, options).run();
}

/**
 * One publish run: a loop that publishes the next message (new, or one to send again) while
 * the confirm window has room, and the handlers that settle each publish. Each way a run can
 * go off course has its own step: a dropped connection (`#recover`), nacks (`#renewChannel`),
 * a broker that blocks publishers (the flow gate), a confirm that never comes (`#watchdog`).
 *
 * @example
 * ```ts
 * const result = await new PublishRun(conn, options).run();
 * ```
 */
export class PublishRun {
  // What the run was asked for, fixed for its life.
  readonly #options: PublishOptions;
  readonly #bodyOf: (seq: number) => Uint8Array;
  readonly #progressEvery: number;
  readonly #firstSeq: number;
  /** The last new message's sequence number. */
  readonly #lastSeq: number;
  readonly #start = performance.now();
  /**
   * How a publish is made: frames we encode (with encoded properties; the method frame once),
   * or amqp-client's `basicPublish` with the properties of message `seq`.
   */
  readonly #frames: PublishFrames | ((seq: number) => MessageProperties);

  // Where publishes go: replaced after a dropped connection (both) or nacks (the channel).
  #conn: AMQPClient;
  #channel: AMQPChannel | undefined;

  // The counters the result reports.
  #published = 0;
  #republished = 0;
  #retriedNacks = 0;
  #acked = 0;
  #nacked = 0;
  #returned = 0;

  // What is in flight: counted by the window, and by sequence number with its publish time
  // (oldest first) for the resend after a drop and for the confirm watchdog.
  readonly #window = new ConfirmWindow();
  readonly #unconfirmed = new Map<number, number>();
  /** Body bytes of the publishes in flight: large messages fill the window by size too. */
  #inFlightBytes = 0;

  // What goes out next: new messages from #next on, after those to publish again.
  #next: number;
  /** Sent again after a reconnect or a block, oldest first. */
  #resend: number[] = [];
  /** Nacked, to be sent again on a new channel; #nacks counts each one's nacks. */
  #renack: number[] = [];
  readonly #nacks = new Map<number, number>();
  /** One message was refused every time: later nacks are counted, not retried. */
  #refusing = false;

  // Why the run is off course or over.
  #error: string | undefined;
  /** Set when the connection dropped under a publish; cleared once reconnected. */
  #lost: unknown;
  #timedOut = false;

  /** Closed while the broker blocks publishers. */
  readonly #gate = new FlowGate();

  constructor(conn: AMQPClient, options: PublishOptions) {
    this.#conn = conn;
    this.#options = options;
    const { body } = options;
    this.#bodyOf = typeof body === "function" ? body : () => body;
    this.#progressEvery = options.progressEvery ?? 0;
    this.#firstSeq = this.#next = options.firstSeq ?? 1;
    this.#lastSeq = this.#firstSeq + options.count - 1;
    const { properties } = options;
    this.#frames = typeof properties === "function"
      ? properties
      : new PublishFrames({ ...options, properties, mandatory: true });
  }

  /** Publishes every message, waits for every confirm, and reports. */
  async run(): Promise<PublishResult> {
    this.#channel = await this.#openChannel(this.#conn);
    const watchdog = this.#startWatchdog();
    while (!this.#error && !this.#options.signal?.aborted) {
      const wait = this.#step();
      if (wait === "done") break;
      if (wait) await wait;
    }
    await this.#window.waitFor(() => this.#window.inFlight === 0 || this.#timedOut);
    clearInterval(watchdog);
    this.#conn.onblocked = this.#conn.onunblocked = undefined;
    // A channel that stopped answering would not answer a close either.
    if (!this.#channel.closed && !this.#timedOut) await this.#channel.close().catch(() => {});
    return this.#result();
  }

  /**
   * One turn of the loop: publishes one message at once when nothing stands in the way (no
   * promise per message on the fast path), else returns what to wait for before the next turn:
   * a recovery, a new channel, room in the window, the flow gate, the pace, the last confirms.
   */
  #step(): Promise<void> | "done" | undefined {
    if (this.#lost) return this.#recover();
    if (this.#renack.length > 0) return this.#renewChannel();
    const isNew = this.#resend.length === 0;
    if (isNew && this.#next > this.#lastSeq) {
      return this.#window.waitFor(() => this.#window.inFlight === 0) ?? "done";
    }
    const hold = this.#holdUp(isNew);
    if (hold) return hold;
    this.#publishNext(isNew);
  }

  /** What a publish must wait for first, if anything: room, the flow gate, its time. */
  #holdUp(isNew: boolean): Promise<void> | undefined {
    const window = this.#window;
    // Only a full window builds a wait: no closure per message on the fast path.
    const room = this.#hasRoom()
      ? undefined
      : window.waitFor(() => this.#hasRoom() || this.#lost !== undefined);
    return room ?? this.#gate.passage ?? (isNew ? this.#paceDelay() : undefined);
  }

  /**
   * Whether another publish may go out: fewer than `confirmWindow` in flight, and fewer than
   * {@linkcode MAX_IN_FLIGHT_BYTES} of bodies (one message always may, whatever its size).
   */
  #hasRoom(): boolean {
    const inFlight = this.#window.inFlight;
    return inFlight < this.#options.confirmWindow &&
      (this.#inFlightBytes < MAX_IN_FLIGHT_BYTES || inFlight === 0);
  }

  /** Holds a new message back until its time under `rate` (messages per second). */
  #paceDelay(): Promise<void> | undefined {
    const { rate } = this.#options;
    if (rate <= 0) return undefined;
    const ahead = this.#start + (this.#next - this.#firstSeq) * 1000 / rate - performance.now();
    return ahead > 1 ? sleep(ahead) : undefined;
  }

  /** Publishes the next new message, or the oldest one to send again. */
  #publishNext(isNew: boolean): void {
    if (isNew) {
      this.#published++;
      this.#publish(this.#next++);
      return;
    }
    const seq = this.#resend.shift()!;
    if (this.#nacks.has(seq)) this.#retriedNacks++;
    else this.#republished++;
    this.#publish(seq);
  }

  /** Sends message `seq` and settles it when the broker answers. */
  #publish(seq: number): void {
    this.#window.add();
    const now = performance.now();
    this.#unconfirmed.set(seq, now);
    const sentAt = this.#options.onConfirm ? now : 0;
    const connection = this.#conn;
    const body = this.#bodyOf(seq);
    const size = body.length;
    this.#inFlightBytes += size;
    const onAck = () => {
      this.#inFlightBytes -= size;
      this.#confirmed(seq, sentAt);
    };
    const onFail = (reason: unknown) => {
      this.#inFlightBytes -= size;
      this.#refused(seq, reason, connection);
    };
    const frames = this.#frames;
    if (typeof frames !== "function") return this.#publishEncoded(frames, seq, body, onAck, onFail);
    const { exchange, routingKey } = this.#options;
    this.#channel!.basicPublish(exchange, routingKey, body, frames(seq), true).then(onAck, onFail);
  }

  /** Sends message `seq` as frames we encode, with properties written in place. */
  #publishEncoded(
    frames: PublishFrames,
    seq: number,
    body: Uint8Array,
    onAck: () => void,
    onFail: (reason: unknown) => void,
  ): void {
    const channel = this.#channel!;
    let bytes: Uint8Array;
    try {
      bytes = frames.encode(channel, seq, body);
    } catch (error) {
      return queueMicrotask(() => onFail(error)); // a frame too large for the broker, say
    }
    sendPublish(channel, bytes, onAck, onFail);
  }

  /** The broker acked message `seq`. */
  #confirmed(seq: number, sentAt: number): void {
    this.#unconfirmed.delete(seq);
    if (this.#nacks.size > 0) this.#nacks.delete(seq);
    this.#acked++;
    this.#options.onConfirm?.(performance.now() - sentAt);
    this.#settled(true);
  }

  /** Message `seq` got no ack: queue it again, count it, or end the run, by what happened. */
  #refused(seq: number, reason: unknown, connection: AMQPClient): void {
    const lost = this.#options.reconnect !== undefined && isConnectionLoss(reason, connection);
    switch (classifyRefusal(reason, lost)) {
      case "nacked":
        this.#unconfirmed.delete(seq);
        return this.#nackedOnce(seq);
      case "blocked":
        this.#unconfirmed.delete(seq);
        this.#resend.push(seq); // the loop waits at the gate before sending it again
        return this.#settled(false);
      case "connection-lost":
        this.#lost ??= reason; // seq stays unconfirmed: it goes out again after the reconnect
        return this.#settled(false);
      case "failed":
        this.#unconfirmed.delete(seq);
        this.#error ??= explainBrokerError(reason, { hints: this.#options.hints });
        return this.#settled(false);
    }
  }

  /** A nack: retried on a new channel while retries last, else counted as nacked. */
  #nackedOnce(seq: number): void {
    const times = (this.#nacks.get(seq) ?? 0) + 1;
    if (times <= (this.#options.nackRetries ?? 0) && !this.#refusing) {
      this.#nacks.set(seq, times);
      this.#renack.push(seq);
      return this.#settled(false);
    }
    // One message refused every time: the broker means it (a full reject-publish queue, say),
    // so later nacks are counted at once instead of retried.
    this.#refusing = true;
    this.#nacks.delete(seq);
    this.#nacked++;
    this.#settled(true);
  }

  /** A publish left the window; `answered` when the broker answered it for good. */
  #settled(answered: boolean): void {
    const every = this.#progressEvery;
    if (answered && every > 0 && (this.#acked + this.#nacked) % every === 0) {
      this.#options.onProgress?.(this.#progress());
    }
    this.#window.settle();
  }

  /** A confirm-mode channel on `connection`, with returns counted and flow control watched. */
  async #openChannel(connection: AMQPClient): Promise<AMQPChannel> {
    const channel = await connection.channel();
    if (this.#options.confirm !== false) {
      await channel.confirmSelect();
      settleNacksCumulatively(channel);
    }
    // A returned message is acked afterwards too; count it apart so "confirmed" means "queued".
    channel.onReturn = () => void this.#returned++;
    connection.onblocked = (reason) => {
      this.#gate.close();
      this.#options.onBlocked?.(reason);
    };
    connection.onunblocked = () => {
      this.#gate.open();
      this.#options.onBlocked?.(undefined);
    };
    return channel;
  }

  /** Waits for the dead channel's publishes to fail, reconnects, and queues them for resending. */
  async #recover(): Promise<void> {
    await this.#window.waitFor(() => this.#window.inFlight === 0);
    this.#resend = [...[...this.#unconfirmed.keys()].sort((a, b) => a - b), ...this.#resend];
    this.#unconfirmed.clear();
    // Again as often as the new connection drops before the channel is open.
    for (;;) {
      try {
        this.#conn = await this.#options.reconnect!(this.#lost);
      } catch (reason) {
        this.#error = messageOf(reason); // gave up
        return;
      }
      try {
        this.#channel = await this.#openChannel(this.#conn);
        this.#lost = undefined;
        return;
      } catch (reason) {
        if (!isConnectionLoss(reason, this.#conn)) {
          return void (this.#error = explainBrokerError(reason, { hints: this.#options.hints }));
        }
        this.#lost = reason;
      }
    }
  }

  /** Once the channel's publishes settled: a pause, a new channel, and the nacked queued again. */
  async #renewChannel(): Promise<void> {
    await this.#window.waitFor(() => this.#window.inFlight === 0 || this.#lost !== undefined);
    const times = this.#renack.reduce((most, seq) => Math.max(most, this.#nacks.get(seq) ?? 1), 1);
    await sleep(Math.min(250 * 2 ** (times - 1), 4_000));
    this.#resend = [...this.#renack.sort((a, b) => a - b), ...this.#resend];
    this.#renack = [];
    if (this.#lost) return;
    const old = this.#channel!;
    try {
      this.#channel = await this.#openChannel(this.#conn);
    } catch (reason) {
      if (this.#options.reconnect && isConnectionLoss(reason, this.#conn)) this.#lost = reason;
      else this.#error = explainBrokerError(reason, { hints: this.#options.hints });
      return;
    }
    if (!old.closed) old.close().catch(() => {});
  }

  /**
   * A confirm that never comes ends the run instead of hanging it. Unconfirmed messages are
   * kept in publishing order, so the oldest is the first.
   */
  #startWatchdog(): ReturnType<typeof setInterval> | undefined {
    const { confirmTimeoutMs } = this.#options;
    if (!confirmTimeoutMs) return undefined;
    return setInterval(() => {
      const oldest = this.#unconfirmed.entries().next().value;
      if (!oldest || performance.now() - oldest[1] < confirmTimeoutMs || this.#lost) return;
      this.#timedOut = true;
      this.#error ??= `the broker did not confirm message ${oldest[0]} within ${
        confirmTimeoutMs / 1000
      }s`;
      this.#window.interrupt();
    }, Math.min(1_000, confirmTimeoutMs / 2));
  }

  #progress(): PublishProgress {
    return {
      published: this.#published,
      confirmed: this.#acked - this.#returned,
      nacked: this.#nacked,
      returned: this.#returned,
      seconds: (performance.now() - this.#start) / 1000,
    };
  }

  #result(): PublishResult {
    const final = this.#progress();
    return {
      ...final,
      republished: this.#republished,
      retriedNacks: this.#retriedNacks,
      timedOut: this.#timedOut,
      rate: rate(final.confirmed, final.seconds),
      error: this.#error,
    };
  }
}
