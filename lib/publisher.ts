/**
 * Confirm-windowed publishing: every message is published with publisher confirms, at most
 * `confirmWindow` wait for their confirm at any time, and a message counts as confirmed only
 * when the broker acked it and did not return it as unroutable.
 */
import type { AMQPClient, AMQPProperties } from "@cloudamqp/amqp-client";
import { explainBrokerError } from "./broker_errors.ts";

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
}

const REJECTED_BY_BROKER = "Message rejected";

/**
 * Publishes `count` messages on a new confirm-mode channel of `conn` and waits for every
 * confirm. Never throws for broker refusals: they end the run and come back in `error`.
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
  const { exchange, routingKey, body, count, confirmWindow, signal } = options;
  const progressEvery = options.progressEvery ?? 0;
  const ch = await conn.channel();
  if (options.confirm !== false) await ch.confirmSelect();
  const bodyOf = typeof body === "function" ? body : () => body;
  const { onConfirm } = options;

  let published = 0, acked = 0, nacked = 0, returned = 0, inFlight = 0;
  let error: string | undefined;
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

  // A returned message is acked afterwards too; count it apart so "confirmed" means "queued".
  ch.onReturn = () => {
    returned++;
  };
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
  const onAck = () => {
    acked++;
    settled(true);
  };
  const onFail = (reason: unknown) => {
    const nack = reason instanceof Error && reason.message === REJECTED_BY_BROKER;
    if (nack) nacked++;
    else error ??= explainBrokerError(reason);
    settled(nack);
  };
  const waitFor = (ready: () => boolean) =>
    ready() ? undefined : new Promise<void>((resume) => (waiting = { ready, resume }));

  let unblocked: Promise<void> | undefined;
  let release: (() => void) | undefined;
  conn.onblocked = (reason) => {
    unblocked = new Promise((resolve) => (release = resolve));
    options.onBlocked?.(reason);
  };
  conn.onunblocked = () => {
    unblocked = undefined;
    release?.();
    options.onBlocked?.(undefined);
  };

  for (let seq = 1; seq <= count && !error && !signal?.aborted; seq++) {
    if (inFlight >= confirmWindow) await waitFor(() => inFlight < confirmWindow);
    if (unblocked) await unblocked;
    if (options.rate > 0) {
      const ahead = start + (seq - 1) * 1000 / options.rate - performance.now();
      if (ahead > 1) await new Promise((resolve) => setTimeout(resolve, ahead));
    }
    if (error || signal?.aborted) break;
    inFlight++;
    published++;
    const publishing = ch.basicPublish(
      exchange,
      routingKey,
      bodyOf(seq),
      options.properties(seq),
      true,
    );
    if (onConfirm) {
      const sentAt = performance.now();
      publishing.then(() => onConfirm(performance.now() - sentAt), () => {});
    }
    publishing.then(onAck, onFail);
  }
  await waitFor(() => inFlight === 0);
  conn.onblocked = conn.onunblocked = undefined;
  if (!ch.closed) await ch.close().catch(() => {});

  const final = progress();
  return { ...final, rate: final.seconds > 0 ? final.confirmed / final.seconds : 0, error };
}
