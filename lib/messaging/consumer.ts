/**
 * A safe consumer: manual acks sent only after a message was handled (batched into multi-acks,
 * also flushed on a timer so a slow trickle is acked), bounded retries, dead-lettering of
 * messages that keep failing, and a graceful stop that returns whatever was not handled.
 */
import type { AMQPChannel, AMQPConsumer, AMQPMessage } from "../deps.ts";
import {
  declareDeadLetter,
  declareDeadLetterQueue,
  declareRetryQueue,
  type ErrorHints,
  explainBrokerError,
  isConnectionLoss,
  publishRaw,
  type SafeAmqpClient,
  withHeaders,
} from "../amqp/mod.ts";
import { appendRetry, RETRY_HISTORY_HEADER } from "./retry_history.ts";
import { DuplicateTracker } from "./duplicates.ts";
import { CopyRecord } from "./copy_record.ts";
import { UserError } from "../errors.ts";
import type { Envelope } from "./envelope.ts";
import { EnvelopeReader } from "./envelope_reader.ts";
import { type SenderCount, SenderTally } from "./sender_tally.ts";
import { LatencyRecorder, type LatencySummary, rate } from "./stats.ts";
import type { StreamOffset } from "./stream_offset.ts";
import type { DeliveredMessage } from "./message_types.ts";
import { messageOf } from "../_util/mod.ts";
import { terminalSafe } from "../shared/terminal_text.ts";

/** Handles one message; throwing (or rejecting) counts as a failed attempt. */
export type MessageHandler = (
  message: DeliveredMessage,
  envelope: Envelope | undefined,
) => void | Promise<void>;

/** How a consumer takes its messages: how many ahead, and how its acks are batched. */
export interface DeliverySettings {
  /** Unacked messages the broker may send ahead. */
  prefetch: number;
  /** Send one multi-ack per this many handled messages. */
  ackEvery: number;
  /** ...and at least this often (ms) while any handled message is unacked. */
  ackIntervalMs?: number;
  /** Let the broker consider messages acked on delivery (unsafe; for comparisons only). */
  autoAck?: boolean;
}

/** What a consumer does: which queue, how many ahead, when to stop, how to handle. */
export interface ConsumerSettings extends DeliverySettings {
  /** The queue to consume. */
  queue: string;
  /** Stop after this many messages were settled (handled or dead-lettered); 0 = run until stopped. */
  expect: number;
  /** Attempts after the first before a failing message is dead-lettered to `<queue>.dlq`. */
  maxRetries: number;
  /**
   * Wait before each retry: `initialMs`, then twice as long each time, at most `maxMs`. The
   * retry waits in a delay queue on the broker (see `declareRetryQueue`), so other messages go
   * on meanwhile and a crash loses no pending retry. Absent: a retry goes straight back.
   */
  retryDelay?: { initialMs: number; maxMs: number };
  /**
   * The queue has a dead-letter exchange (`x-dead-letter-exchange`): a message whose retries are
   * spent is rejected and the broker dead-letters it, with its `x-death` history. Otherwise the
   * consumer copies it to `<queue>.dlq` itself, with the reason in `x-error`.
   */
  queueDeadLetters?: boolean;
  /**
   * Copy dead letters to this queue (through the default exchange) instead of `<queue>.dlq`;
   * it is declared durable when it does not exist, and used as it is when it does.
   */
  deadLetterQueue?: string;
  /**
   * Says whether a handler's error is final: such a message is dead-lettered at once, without
   * its retries (a body that cannot be read will not read better later). Absent: none is.
   */
  finalFailure?: (error: unknown) => boolean;
  /** Handles each message; throwing counts as a failed attempt. */
  handler: MessageHandler;
  /**
   * Count a message without our envelope as a duplicate when its message id came before
   * (default true). Each id is remembered for the run: a consumer that runs without end turns
   * this off.
   */
  countDuplicateIds?: boolean;
  /** Stop when no message arrived for this long (ms); 0 or absent = wait for ever. */
  idleTimeoutMs?: number;
  /** Called after every `progressEvery` settled messages. */
  onProgress?: (progress: ConsumeProgress) => void;
  /** See `onProgress` (0 or absent: never). */
  progressEvery?: number;
  /** Consumer tag prefix, shown in the management UI. */
  name?: string;
  /** The caller's words for what to change when the broker refuses (see `ErrorHints`). */
  hints?: ErrorHints;
  /**
   * The queue is a stream: start reading here (`x-stream-offset`). After a reconnect the
   * consumer goes on from the message after the last one it handled.
   */
  streamOffset?: StreamOffset;
}

/** Options for {@linkcode Consumer}: the settings, and how to reconnect. */
export interface ConsumerOptions extends ConsumerSettings {
  /**
   * Reopens a dropped connection; the consumer then subscribes again (what it had received
   * but not acked comes again, redelivered). Throwing gives up. Without it, a drop ends the run.
   */
  reconnect?: (cause: unknown) => Promise<SafeAmqpClient>;
  /** Told each time the subscription is in place: the first time, and after each reconnect. */
  onSubscribed?: () => void;
}

/** Counters of a consume run, as they stand. */
export interface ConsumeProgress {
  /** Messages handled and acked. */
  consumed: number;
  /** Seconds since the first delivery. */
  seconds: number;
  /** Deliveries the broker marked as redelivered. */
  redelivered: number;
  /** Messages of ours seen before in this run (same producer, run and seq). */
  duplicates: number;
  /** Messages without our envelope (from other clients). */
  foreign: number;
  /** Failed attempts published again for another try. */
  retried: number;
  /** Messages dead-lettered after their last failed attempt. */
  deadLettered: number;
}

/** Why a run ended: `expect` reached, {@linkcode Consumer.stop} called, or idle too long. */
export type StopReason = "expected" | "stopped" | "idle";

/** The outcome of {@linkcode Consumer.run}. */
export interface ConsumeResult extends ConsumeProgress {
  /** Handled messages per second. */
  rate: number;
  /** End-to-end latency (publish to handling) of our messages, in ms. */
  latency: LatencySummary;
  /** Why the run ended. */
  stopReason: StopReason;
  /** Messages handled per sender (`producer_id`, `host`), ours and other clients' alike. */
  senders: SenderCount[];
  /** Messages of senders past the tally's bound (see `SenderTally`), not told apart. */
  sendersUnlisted: number;
}

/** Header counting the attempts a message already had. */
export const RETRIES_HEADER = "x-retries";

/**
 * Consumes one queue until stopped, `expect` is reached, or the broker ends the subscription.
 *
 * @example
 * ```ts
 * const consumer = new Consumer(conn, { queue: "work.queue", prefetch: 1000, expect: 10_000,
 *   ackEvery: 250, maxRetries: 3, handler: () => {} });
 * Deno.addSignalListener("SIGINT", () => consumer.stop());
 * const result = await consumer.run();
 * ```
 */
export class Consumer {
  #conn: SafeAmqpClient;
  readonly #options: ConsumerOptions;
  readonly #latency = new LatencyRecorder();
  readonly #seen = new DuplicateTracker();
  /** Reads each delivery's envelope from its encoded properties, decoding nothing else. */
  readonly #envelopes = new EnvelopeReader();
  readonly #senders = new SenderTally();
  #channel?: AMQPChannel;
  #subscription?: AMQPConsumer;
  /** Where dead letters go, declared on the first one. */
  #deadLetterTarget?: Promise<CopyTarget>;
  /**
   * Failed attempts whose copy is on the broker, by message id: a second instance of one (the
   * original again after its ack was lost to a dropped connection, or a message published
   * twice) is acked without a second copy, so a dead letter is made once.
   */
  readonly #copies = new CopyRecord();
  /** Delay queues declared so far, by delay (ms): each is declared once per run. */
  readonly #retryQueues = new Map<number, Promise<string>>();

  // Deliveries wait here while an earlier one is being handled; handled strictly in order,
  // so a multi-ack up to the last handled tag never acks one still in hand.
  #backlog: AMQPMessage[] = [];
  #next = 0;
  #draining = false;
  #lastHandledTag = 0;
  #unacked = 0;
  // The channel those tags belong to: a tag means nothing on any other channel, so after a
  // reconnect, acks still pending from the lost channel are dropped, never sent on the new one
  // (the broker would close it: "unknown delivery tag").
  #ackChannel?: AMQPChannel;

  #stopping = false;
  #stopReason: StopReason = "stopped";
  #stopped?: () => void;
  /** Set when a message could not be settled at all: the run ends with this error. */
  #fatal?: UserError;
  #start = 0;
  /** When the last delivery arrived (performance.now()), for the idle timeout. */
  #lastDelivery = 0;
  #reconnecting = false;
  /** A stream's offset of the last message handled, where a resubscription goes on from. */
  #lastStreamOffset?: number;
  #counts = { consumed: 0, redelivered: 0, duplicates: 0, foreign: 0, retried: 0, deadLettered: 0 };

  /** A consumer of `options.queue` on `conn`; nothing is consumed until `run()`. */
  constructor(conn: SafeAmqpClient, options: ConsumerOptions) {
    this.#conn = conn;
    this.#options = options;
  }

  /** Counters as they stand. */
  progress(): ConsumeProgress {
    return { ...this.#counts, seconds: this.#start ? (performance.now() - this.#start) / 1000 : 0 };
  }

  /**
   * Subscribes and resolves when the run ends. Rejects with a {@linkcode UserError} when the
   * broker cancels the subscription or closes the channel.
   */
  async run(): Promise<ConsumeResult> {
    const { queue, hints } = this.#options;
    const stopped = new Promise<void>((resolve) => (this.#stopped = resolve));
    // The clock starts before the subscription: the first deliveries come with its answer, and a
    // progress line for them must not say 0 msg/s.
    this.#start = this.#lastDelivery = performance.now();
    await this.#firstSubscribe();
    if (this.#stopping) await this.#close(); // stop() came before the subscription
    const ackTimer = setInterval(() => this.#flushAcks(), this.#options.ackIntervalMs ?? 200);
    const idleTimer = this.#watchIdle();
    try {
      for (;;) {
        try {
          await Promise.race([
            stopped,
            this.#subscription!.wait().then(() => {
              if (!this.#stopping) {
                throw new Error(`the subscription to '${terminalSafe(queue)}' ended`);
              }
            }),
          ]);
          break;
        } catch (error) {
          const { reconnect } = this.#options;
          if (this.#stopping || !reconnect || !isConnectionLoss(error, this.#conn)) throw error;
          await this.#resubscribe(reconnect, error);
        }
      }
    } catch (error) {
      this.#stopping = true;
      throw new UserError(
        `consuming '${terminalSafe(queue)}' stopped: ${
          explainBrokerError(error, { queue, hints })
        } ` +
          `Messages not acked go back to the queue.`,
        { cause: error },
      );
    } finally {
      clearInterval(ackTimer);
      clearInterval(idleTimer);
    }
    if (this.#fatal) throw this.#fatal;
    const seconds = (performance.now() - this.#start) / 1000;
    return {
      ...this.#counts,
      seconds,
      rate: rate(this.#counts.consumed, seconds),
      latency: this.#latency.summary(),
      stopReason: this.#stopReason,
      senders: this.#senders.counts(),
      sendersUnlisted: this.#senders.unlisted,
    };
  }

  /** Stops the run once nothing arrived for `idleTimeoutMs` (checked a few times a second). */
  #watchIdle(): ReturnType<typeof setInterval> | undefined {
    const idleMs = this.#options.idleTimeoutMs ?? 0;
    if (idleMs <= 0) return undefined;
    return setInterval(() => {
      const idle = performance.now() - this.#lastDelivery >= idleMs;
      if (idle && !this.#draining && !this.#reconnecting) this.stop("idle");
    }, Math.min(250, idleMs));
  }

  /** Subscribes; a connection lost before that worked is reconnected like any later loss. */
  async #firstSubscribe(): Promise<void> {
    try {
      await this.#subscribe();
    } catch (error) {
      const { reconnect } = this.#options;
      if (!reconnect || !isConnectionLoss(error, this.#conn)) throw error;
      await this.#resubscribe(reconnect, error);
    }
  }

  /** Reconnects and subscribes again, as often as the new connection drops before that works. */
  async #resubscribe(
    reconnect: (cause: unknown) => Promise<SafeAmqpClient>,
    cause: unknown,
  ): Promise<void> {
    this.#reconnecting = true;
    try {
      for (;;) {
        this.#conn = await reconnect(cause);
        try {
          return await this.#subscribe();
        } catch (error) {
          if (!isConnectionLoss(error, this.#conn)) throw error;
          cause = error;
        }
      }
    } finally {
      // Nothing can arrive while disconnected: the idle clock starts again from here.
      this.#reconnecting = false;
      this.#lastDelivery = performance.now();
    }
  }

  /** Opens a channel on the current connection and subscribes on it. */
  async #subscribe(): Promise<void> {
    const { queue, prefetch, streamOffset } = this.#options;
    const offset = this.#lastStreamOffset !== undefined ? this.#lastStreamOffset + 1 : streamOffset;
    const ch = this.#channel = await this.#conn.channel();
    await ch.prefetch(prefetch);
    await ch.confirmSelect(); // for retries and dead letters: a copy counts once confirmed
    try {
      this.#subscription = await ch.basicConsume(
        queue,
        {
          noAck: this.#options.autoAck === true,
          tag: `${this.#options.name ?? "consumer"}-${crypto.randomUUID().slice(0, 8)}`,
          args: offset === undefined ? {} : { "x-stream-offset": offset },
        },
        (msg) => this.#onDelivery(msg),
      );
    } catch (error) {
      throw new UserError(explainBrokerError(error, { queue, hints: this.#options.hints }), {
        cause: error,
      });
    }
    this.#options.onSubscribed?.();
  }

  /**
   * Stops taking deliveries, lets the message in hand finish, acks everything handled and closes
   * the channel (deliveries received but not handled go back to the queue). Safe to call twice;
   * the first reason given is the one the result reports.
   */
  stop(reason: StopReason = "stopped"): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#stopReason = reason;
    if (!this.#draining) void this.#close();
  }

  #onDelivery(msg: AMQPMessage): void {
    if (this.#stopping) return; // not handled, so not acked: requeued when the channel closes
    if (this.#options.idleTimeoutMs) this.#lastDelivery = performance.now(); // only when watched
    if (this.#draining) {
      this.#backlog.push(msg);
      return;
    }
    // The common case (a synchronous handler) is handled right here, with no promise at all.
    const pending = this.#handle(msg);
    if (pending) void this.#drain(pending);
  }

  /** Waits for a slow handler, then works through what arrived meanwhile, in order. */
  async #drain(pending: Promise<void>): Promise<void> {
    this.#draining = true;
    try {
      await pending;
      while (this.#next < this.#backlog.length && !this.#stopping) {
        const msg = this.#backlog[this.#next++];
        if (msg.channel.closed) continue; // its channel died: the broker delivers it again
        const next = this.#handle(msg);
        if (next) await next;
      }
    } catch (error) {
      // A retry or dead letter could not be published. The message is not acked, so the broker
      // delivers it again; unless a reconnect is under way, the run ends with the reason.
      if (!(this.#options.reconnect && isConnectionLoss(error, this.#conn))) {
        this.#stopping = true;
        this.#fatal ??= error instanceof UserError ? error : new UserError(messageOf(error));
      }
    }
    this.#backlog.length = 0;
    this.#next = 0;
    this.#draining = false;
    if (this.#stopping) await this.#close();
  }

  /** Handles one delivery; returns a promise only when there is something to wait for. */
  #handle(msg: AMQPMessage): Promise<void> | void {
    const envelope = this.#envelopes.read(this.#conn.rawPropertiesOf(msg));
    let outcome: void | Promise<void>;
    try {
      outcome = this.#options.handler(msg, envelope);
    } catch (error) {
      return this.#failed(msg, error);
    }
    if (outcome instanceof Promise) {
      return outcome.then(() => this.#handled(msg, envelope), (error) => this.#failed(msg, error));
    }
    this.#handled(msg, envelope);
  }

  #handled(msg: AMQPMessage, envelope: Envelope | undefined): void {
    const counts = this.#counts;
    if (this.#options.streamOffset !== undefined) {
      const offset = msg.properties.headers?.["x-stream-offset"];
      if (typeof offset === "number") this.#lastStreamOffset = offset;
    }
    counts.consumed++;
    if (msg.redelivered) counts.redelivered++;
    if (envelope) {
      this.#senders.add(envelope.producerId, envelope.host);
      if (this.#seen.markSeq(envelope.runId, envelope.seq)) counts.duplicates++;
      if (envelope.sentAtMs !== undefined) this.#latency.record(Date.now() - envelope.sentAtMs);
    } else {
      counts.foreign++;
      // Another client's headers may still name its sender (the pika demo stamps them).
      const sender = this.#envelopes.readSender(this.#conn.rawPropertiesOf(msg));
      if (sender) this.#senders.add(sender.producerId, sender.host);
      else this.#senders.addUnnamed();
      const id = this.#options.countDuplicateIds !== false && msg.properties.messageId;
      if (id && this.#seen.markId(id)) {
        counts.duplicates++;
      }
    }
    this.#settled(msg);
  }

  /**
   * A failed attempt: publish a retry copy (to the queue, or to a delay queue that hands it
   * back later), or dead-letter the message, then ack the original.
   */
  async #failed(msg: AMQPMessage, error: unknown): Promise<void> {
    const headers = msg.properties.headers;
    const attempts = Number(headers?.[RETRIES_HEADER] ?? 0) || 0;
    const messageId = msg.properties.messageId;
    if (this.#copies.has(messageId, attempts)) {
      // This attempt's copy is on the broker already: this instance is a second one.
      this.#counts.duplicates++;
      return this.#settled(msg, true);
    }
    if (attempts >= this.#options.maxRetries || this.#options.finalFailure?.(error)) {
      await this.#deadLetter(msg, messageOf(error));
      return this.#copies.add(messageId, attempts);
    }
    const delayMs = this.#retryDelayMs(attempts);
    const retryTo = delayMs === 0 ? this.#options.queue : await this.#retryQueue(delayMs);
    await this.#publishCopy(msg, { exchange: "", routingKey: retryTo, what: "back to the queue" }, {
      [RETRIES_HEADER]: attempts + 1,
      [RETRY_HISTORY_HEADER]: appendRetry(headers?.[RETRY_HISTORY_HEADER], {
        attempt: attempts + 1,
        delayMs,
        queue: retryTo,
        error: messageOf(error),
      }),
    });
    this.#copies.add(messageId, attempts);
    this.#counts.retried++;
    // A retry copy is on the broker: the original is settled without counting as consumed.
    this.#settled(msg, true);
  }

  /** How long the retry after `attempts` failed attempts waits (0: straight back). */
  #retryDelayMs(attempts: number): number {
    const { retryDelay } = this.#options;
    if (!retryDelay) return 0;
    return Math.min(retryDelay.initialMs * 2 ** attempts, retryDelay.maxMs);
  }

  /** The delay queue that holds retries for `delayMs`, declared once per run. */
  #retryQueue(delayMs: number): Promise<string> {
    let declared = this.#retryQueues.get(delayMs);
    if (!declared) {
      declared = declareRetryQueue(this.#conn, this.#options.queue, delayMs);
      declared.catch(() => this.#retryQueues.delete(delayMs)); // declared again next time
      this.#retryQueues.set(delayMs, declared);
    }
    return declared;
  }

  /**
   * A message whose retries are spent: rejected into the queue's own dead-letter exchange when
   * it has one (the broker records `x-death`), else copied to the dead-letter queue with the
   * reason in `x-error` and acked.
   */
  async #deadLetter(msg: AMQPMessage, reason: string): Promise<void> {
    const { queue } = this.#options;
    if (this.#options.queueDeadLetters && !this.#options.autoAck) {
      await this.#reject(msg);
      this.#counts.deadLettered++;
      return this.#countSettled();
    }
    if (!this.#deadLetterTarget) {
      this.#deadLetterTarget = this.#declareDeadLetterTarget();
      this.#deadLetterTarget.catch(() => (this.#deadLetterTarget = undefined)); // again next time
    }
    await this.#publishCopy(msg, await this.#deadLetterTarget, {
      "x-error": reason.slice(0, 500),
      "x-original-queue": queue,
    });
    this.#counts.deadLettered++;
    this.#settled(msg);
  }

  /**
   * Declares where dead letters go: the queue `deadLetterQueue` names (reached through the
   * default exchange), else the queue's own `<queue>.dlx` exchange and `<queue>.dlq` queue.
   */
  async #declareDeadLetterTarget(): Promise<CopyTarget> {
    const { queue, deadLetterQueue, hints } = this.#options;
    if (deadLetterQueue) {
      await declareDeadLetterQueue(this.#conn, deadLetterQueue, hints);
      const what = `to the dead-letter queue '${terminalSafe(deadLetterQueue)}'`;
      return { exchange: "", routingKey: deadLetterQueue, what };
    }
    const { exchange } = await declareDeadLetter(this.#conn, queue, hints);
    return {
      exchange,
      routingKey: queue,
      what: `to the dead-letter exchange '${terminalSafe(exchange)}'`,
    };
  }

  /**
   * Publishes a copy of `msg` (confirmed) with `headers` added: every other property and header
   * byte for byte as delivered. Throws a {@linkcode UserError} naming the message when the copy
   * cannot be built or the broker refuses it; a lost connection is thrown as it is.
   */
  async #publishCopy(
    msg: AMQPMessage,
    target: CopyTarget,
    headers: Record<string, string | number>,
  ): Promise<void> {
    const { exchange, routingKey } = target;
    const ch = this.#channel!;
    try {
      // The properties as they came, with our headers added: no header changes its type.
      const properties = withHeaders(this.#conn.rawPropertiesOf(msg), headers);
      const body = msg.body ?? new Uint8Array(0);
      await publishRaw(ch, { exchange, routingKey, body, properties });
    } catch (error) {
      if (isConnectionLoss(error, this.#conn)) throw error;
      throw new UserError(
        `${describeDelivery(msg)} could not be copied ${target.what}: ${
          terminalSafe(messageOf(error), { maxLength: Infinity })
        }. It was not acked, so it stays in '${terminalSafe(this.#options.queue)}'.`,
      );
    }
  }

  /**
   * Rejects `msg` without requeueing, so the broker dead-letters it. The acks of the messages
   * handled before it go first: the next multi-ack then starts past the rejected tag.
   */
  async #reject(msg: AMQPMessage): Promise<void> {
    if (msg.channel !== this.#channel || msg.channel.closed) return; // redelivered anyway
    await this.#flushAcks();
    await msg.channel.basicReject(msg.deliveryTag, false);
  }

  /** Acks `msg` (in the next multi-ack) and, unless it went back as a retry, counts it. */
  #settled(msg: AMQPMessage, retrying = false): void {
    // Acks only on the channel that delivered it: after a reconnect, an old tag means nothing.
    if (msg.channel === this.#channel) {
      if (this.#ackChannel !== msg.channel) {
        this.#ackChannel = msg.channel; // delivery tags start again on a new channel
        this.#unacked = 0;
      }
      this.#lastHandledTag = msg.deliveryTag;
      if (++this.#unacked >= this.#options.ackEvery) this.#flushAcks();
    }
    if (!retrying) this.#countSettled();
  }

  /** Reports progress and stops at `expect`, after a message was consumed or dead-lettered. */
  #countSettled(): void {
    const { consumed, deadLettered } = this.#counts;
    const settled = consumed + deadLettered;
    const every = this.#options.progressEvery ?? 0;
    if (every > 0 && settled % every === 0) this.#options.onProgress?.(this.progress());
    if (this.#options.expect > 0 && settled >= this.#options.expect) this.stop();
  }

  #flushAcks(): Promise<void> | undefined {
    const ch = this.#ackChannel;
    if (this.#unacked === 0 || !ch) return;
    if (ch !== this.#channel || ch.closed) return void (this.#unacked = 0); // redelivered anyway
    if (this.#options.autoAck) return void (this.#unacked = 0); // the broker acked on delivery
    this.#unacked = 0;
    // Errors here mean the channel is gone; the unacked messages will be redelivered.
    return ch.basicAck(this.#lastHandledTag, true).catch(() => {});
  }

  async #close(): Promise<void> {
    const ch = this.#channel;
    if (ch && !ch.closed) {
      await this.#flushAcks();
      await this.#subscription?.cancel().catch(() => {});
      await ch.close().catch(() => {});
    }
    this.#stopped?.();
  }
}

/** Where a copy of a delivery goes, and how to say so in an error. */
interface CopyTarget {
  exchange: string;
  routingKey: string;
  /** "back to the queue", "to the dead-letter queue 'orders.dlq'". */
  what: string;
}

/**
 * Names a delivery for a person: its message id when it has one, else its delivery tag. The
 * id, exchange and routing key are the publisher's: made safe for a terminal.
 */
function describeDelivery(msg: AMQPMessage): string {
  const id = msg.properties.messageId;
  const name = typeof id === "string" && id
    ? `message '${terminalSafe(id)}'`
    : `delivery #${msg.deliveryTag}`;
  return `${name} (exchange '${terminalSafe(msg.exchange)}', routing key '${
    terminalSafe(msg.routingKey)
  }')`;
}
