/**
 * Confirm-windowed publishing: every message is published with publisher confirms, at most
 * `confirmWindow` wait for their confirm at any time, and a message counts as confirmed only
 * when the broker acked it and did not return it as unroutable.
 */
import type { AMQPChannel, AMQPClient, AMQPProperties } from "@cloudamqp/amqp-client";
import { explainBrokerError } from "../amqp/mod.ts";
import { isConnectionLoss } from "../amqp/mod.ts";
import { messageOf, sleep } from "../_util/mod.ts";

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

/** Options for {@linkcode publishMessages}. */
export interface PublishOptions {
  exchange: string;
  routingKey: string;
  /** How many messages; sequence numbers run from 1 to count. */
  count: number;
  /** The body, or the body of message `seq` (may reuse one buffer: it is copied at publish). */
  body: Uint8Array | ((seq: number) => Uint8Array);
  /** Publisher confirms (default true). Without them a message counts once written. */
  confirm?: boolean;
  /** Told each confirm's latency in milliseconds, from publish to the broker's ack. */
  onConfirm?: (latencyMs: number) => void;
  /** Properties of message `seq` (see `envelopeFactory`). */
  properties: (seq: number) => AMQPProperties;
  /** Most messages awaiting their confirm at once. */
  confirmWindow: number;
  /** Messages per second cap; 0 is unlimited. */
  rate: number;
  /** Called after every `progressEvery` confirms. */
  onProgress?: (progress: PublishProgress) => void;
  progressEvery?: number;
  /** Told when the broker blocks publishers (memory or disk alarm) and when it lets go. */
  onBlocked?: (reason: string | undefined) => void;
  /** Stops publishing new messages; those in flight are still awaited. */
  signal?: AbortSignal;
  /**
   * Reopens a dropped connection (and declares what the run needs on it); its unconfirmed
   * messages are then published again. Throwing gives up. Without it, a drop ends the run.
   */
  reconnect?: (cause: unknown) => Promise<AMQPClient>;
  /** Give up when a confirm takes longer than this (ms); without it, wait as long as it takes. */
  confirmTimeoutMs?: number;
  /**
   * How many times a nacked message is published again, each time on a new channel after a
   * growing pause (0.25 s doubling to 4 s); default 0. A quorum queue nacks while it elects a
   * new leader, and a channel that saw those nacks keeps nacking: a new channel does not.
   * Once one message was refused every time, later nacks are counted without retrying.
   */
  nackRetries?: number;
}

const REJECTED_BY_BROKER = "Message rejected";
/** How amqp-client refuses a publish while the broker blocks the connection. */
const BLOCKED = "Connection blocked by server";

/**
 * amqp-client 4.1.1 reads basic.nack's `multiple` flag as "the bits byte equals 1", but
 * RabbitMQ also sets the requeue bit (byte 3 for a multiple nack), so a multiple nack settles
 * only its own delivery tag and the earlier ones would wait forever. Here a nack settles every
 * earlier unconfirmed publish too: at worst one the broker would still have acked is nacked,
 * and published again or counted as nacked (never counted as confirmed without a confirm).
 */
function settleNacksCumulatively(channel: AMQPChannel): void {
  const publishConfirmed = channel.publishConfirmed.bind(channel);
  channel.publishConfirmed = (tag, multiple, nack) => publishConfirmed(tag, multiple || nack, nack);
}

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
  const { exchange, routingKey, body, count, confirmWindow, signal, onConfirm } = options;
  const progressEvery = options.progressEvery ?? 0;
  const confirm = options.confirm !== false;
  const bodyOf = typeof body === "function" ? body : () => body;

  let published = 0, republished = 0, retriedNacks = 0;
  let acked = 0, nacked = 0, returned = 0, inFlight = 0;
  const nackRetries = options.nackRetries ?? 0;
  /** Nacked messages to publish again on a new channel, and how often each was nacked. */
  let renack: number[] = [];
  const nacks = new Map<number, number>();
  let refusing = false;
  let error: string | undefined;
  /** Set when the connection dropped under a publish; cleared once reconnected. */
  let lost: unknown;
  /** Sequence numbers published on the current channel and not yet confirmed. */
  const unconfirmed = new Map<number, number>(); // seq -> when it was published
  let timedOut = false;
  /** Sequence numbers to publish again after a reconnect, oldest first. */
  let resend: number[] = [];
  // The loop sleeps here while it waits for confirms: what it waits for, and how to wake it.
  let waiting: { ready: () => boolean; resume: () => void } | undefined;
  const start = performance.now();
  const progress = (): PublishProgress => ({
    published,
    confirmed: acked - returned,
    nacked,
    returned,
    seconds: (performance.now() - start) / 1000,
  });
  const settled = (answered: boolean) => {
    inFlight--;
    if (answered && progressEvery > 0 && (acked + nacked) % progressEvery === 0) {
      options.onProgress?.(progress());
    }
    if (waiting?.ready()) {
      const { resume } = waiting;
      waiting = undefined;
      resume();
    }
  };
  const waitFor = (ready: () => boolean) =>
    ready() ? undefined : new Promise<void>((resume) => (waiting = { ready, resume }));

  let unblocked: Promise<void> | undefined;
  let release: (() => void) | undefined;
  const open = async (connection: AMQPClient) => {
    const channel = await connection.channel();
    if (confirm) {
      await channel.confirmSelect();
      settleNacksCumulatively(channel);
    }
    // A returned message is acked afterwards too; count it apart so "confirmed" means "queued".
    channel.onReturn = () => void returned++;
    connection.onblocked = (reason) => {
      unblocked = new Promise((resolve) => (release = resolve));
      options.onBlocked?.(reason);
    };
    connection.onunblocked = () => {
      unblocked = undefined;
      release?.();
      options.onBlocked?.(undefined);
    };
    return channel;
  };
  let ch = await open(conn);

  // A confirm that never comes ends the run instead of hanging it. Unconfirmed messages are
  // kept in publishing order, so the oldest is the first.
  const { confirmTimeoutMs } = options;
  const watchdog = confirmTimeoutMs
    ? setInterval(() => {
      const oldest = unconfirmed.entries().next().value;
      if (!oldest || performance.now() - oldest[1] < confirmTimeoutMs || lost) return;
      timedOut = true;
      error ??= `the broker did not confirm message ${oldest[0]} within ${
        confirmTimeoutMs / 1000
      }s`;
      if (waiting) {
        const { resume } = waiting;
        waiting = undefined;
        resume();
      }
    }, Math.min(1_000, confirmTimeoutMs / 2))
    : undefined;

  const publish = (seq: number) => {
    inFlight++;
    unconfirmed.set(seq, performance.now());
    const sentAt = onConfirm ? performance.now() : 0;
    const connection = conn;
    ch.basicPublish(exchange, routingKey, bodyOf(seq), options.properties(seq), true).then(
      () => {
        unconfirmed.delete(seq);
        if (nacks.size > 0) nacks.delete(seq);
        acked++;
        if (onConfirm) onConfirm(performance.now() - sentAt);
        settled(true);
      },
      (reason) => {
        if (reason instanceof Error && reason.message === REJECTED_BY_BROKER) {
          unconfirmed.delete(seq);
          const times = (nacks.get(seq) ?? 0) + 1;
          if (times <= nackRetries && !refusing) {
            nacks.set(seq, times);
            renack.push(seq);
            settled(false);
          } else {
            // One message refused every time: the broker means it (a full reject-publish
            // queue, say), so later nacks are counted at once instead of retried.
            refusing = true;
            nacks.delete(seq);
            nacked++;
            settled(true);
          }
        } else if (reason instanceof Error && reason.message.startsWith(BLOCKED)) {
          // Refused by the client library while the broker blocks publishers: send it again
          // once unblocked (the loop waits for that).
          unconfirmed.delete(seq);
          resend.push(seq);
          settled(false);
        } else if (options.reconnect && isConnectionLoss(reason, connection)) {
          lost ??= reason; // the seq stays unconfirmed: it goes out again after the reconnect
          settled(false);
        } else {
          unconfirmed.delete(seq);
          error ??= explainBrokerError(reason);
          settled(false);
        }
      },
    );
  };

  /** Waits for the dead channel's publishes to fail, reconnects, and queues them for resending. */
  const recover = async () => {
    await waitFor(() => inFlight === 0);
    resend = [...[...unconfirmed.keys()].sort((a, b) => a - b), ...resend];
    unconfirmed.clear();
    // Again as often as the new connection drops before the channel is open.
    for (;;) {
      try {
        conn = await options.reconnect!(lost);
      } catch (reason) {
        error = messageOf(reason); // gave up
        return;
      }
      try {
        ch = await open(conn);
        lost = undefined;
        return;
      } catch (reason) {
        if (!isConnectionLoss(reason, conn)) {
          error = explainBrokerError(reason);
          return;
        }
        lost = reason;
      }
    }
  };

  /** Once the channel's publishes settled: a pause, a new channel, and the nacked queued again. */
  const renewChannel = async () => {
    await waitFor(() => inFlight === 0 || lost !== undefined);
    const times = renack.reduce((most, seq) => Math.max(most, nacks.get(seq) ?? 1), 1);
    await sleep(Math.min(250 * 2 ** (times - 1), 4_000));
    resend = [...renack.sort((a, b) => a - b), ...resend];
    renack = [];
    if (lost) return;
    const old = ch;
    try {
      ch = await open(conn);
    } catch (reason) {
      if (options.reconnect && isConnectionLoss(reason, conn)) lost = reason;
      else error = explainBrokerError(reason);
      return;
    }
    if (!old.closed) old.close().catch(() => {});
  };

  let next = 1;
  while (!error && !signal?.aborted) {
    if (lost) {
      await recover();
      continue;
    }
    if (renack.length > 0) {
      await renewChannel();
      continue;
    }
    const isNew = resend.length === 0;
    if (isNew && next > count) {
      await waitFor(() => inFlight === 0);
      if (lost || renack.length > 0) continue;
      break;
    }
    if (inFlight >= confirmWindow) {
      await waitFor(() => inFlight < confirmWindow || lost !== undefined);
    }
    if (unblocked) await unblocked;
    if (isNew && options.rate > 0) {
      const ahead = start + (next - 1) * 1000 / options.rate - performance.now();
      if (ahead > 1) await sleep(ahead);
    }
    if (lost || error || signal?.aborted) continue;
    if (isNew) {
      published++;
      publish(next++);
    } else {
      const seq = resend.shift()!;
      if (nacks.has(seq)) retriedNacks++;
      else republished++;
      publish(seq);
    }
  }
  await waitFor(() => inFlight === 0 || timedOut);
  clearInterval(watchdog);
  conn.onblocked = conn.onunblocked = undefined;
  // A channel that stopped answering would not answer a close either.
  if (!ch.closed && !timedOut) await ch.close().catch(() => {});

  const final = progress();
  return {
    ...final,
    republished,
    retriedNacks,
    timedOut,
    rate: final.seconds > 0 ? final.confirmed / final.seconds : 0,
    error,
  };
}
