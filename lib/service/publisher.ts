/**
 * Sending one message at a time, the way a service does: `send` resolves once the broker
 * confirmed the message and rejects, with a kind, when it did not (a nack, a return, a timeout,
 * a closed broker). A connection lost before the confirm is waited out and the message sent
 * again on the new connection (so it may arrive twice; its message id tells a consumer so).
 */
import type { AMQPChannel, AMQPMessage } from "../deps.ts";
import {
  explainBrokerError,
  isConnectionLoss,
  type SafeAmqpClient,
  settleNacksCumulatively,
} from "../amqp/mod.ts";
import type { HeaderValue, MessageProperties } from "../messaging/mod.ts";
import { classifyRefusal } from "../messaging/publish_refusal.ts";
import { sleep } from "../_util/mod.ts";
import { terminalSafe } from "../shared/terminal_text.ts";
import type { ConnectionKeeper } from "./connection_keeper.ts";
import { encodeBody } from "./message_body.ts";
import { MessagingError } from "./messaging_error.ts";

/** Options for {@linkcode Publisher}: where its messages go and how they are sent. */
export interface PublisherOptions {
  /** The exchange to publish to ("" for the default exchange, which routes by queue name). */
  exchange: string;
  /**
   * Send bodies as JSON (`application/json`), the default; a `Uint8Array` goes as it is either
   * way. `false`: bodies are bytes or text (UTF-8, `text/plain`).
   */
  json?: boolean;
  /** A message no queue takes rejects with kind `returned` (default true). */
  mandatory?: boolean;
  /** Messages are written to disk by durable queues (delivery mode 2; default true). */
  persistent?: boolean;
  /**
   * How long (ms) a send may take, waiting out a reconnect included, before it rejects with
   * kind `timeout` (default 60,000).
   */
  timeoutMs?: number;
}

/** What one message carries besides its body. All optional. */
export interface SendOptions {
  /** The routing key (default ""): a queue name on the default exchange. */
  routingKey?: string;
  /** The message's id (default: a new random UUID). A consumer tells duplicates by it. */
  messageId?: string;
  /** Application headers (a headers exchange routes on them). */
  headers?: Record<string, HeaderValue>;
  /** Overrides the content type the body's encoding sets. */
  contentType?: string;
  /** For request and reply: the request this answers. */
  correlationId?: string;
  /** For request and reply: the queue to answer to. */
  replyTo?: string;
  /** Milliseconds the message may wait in a queue before it expires. */
  expiresInMs?: number;
  /** 0 to 255, for priority queues. */
  priority?: number;
  /** The application's name for the message's type. */
  type?: string;
  /** Overrides the publisher's `persistent` for this message. */
  persistent?: boolean;
}

/** The default of {@linkcode PublisherOptions.timeoutMs}. */
export const DEFAULT_SEND_TIMEOUT_MS = 60_000;

/** A send ran out of time; the message's outcome is unknown. */
class TimedOut extends Error {}

/**
 * Sends messages of type `T` to one exchange, each confirmed by the broker.
 *
 * @example
 * ```ts
 * const orders = broker.publisher<{ id: number }>({ exchange: "orders" });
 * await orders.send({ id: 7 }, { routingKey: "new", messageId: "order-7" });
 * ```
 */
export class Publisher<T = unknown> {
  readonly #keeper: ConnectionKeeper;
  readonly #options: PublisherOptions;

  // The confirm-mode channel, on the connection it was opened on: a new connection (or a
  // channel the broker closed) gets a new one, opened once for every send that waits.
  #channel?: Promise<AMQPChannel>;
  #channelClient?: SafeAmqpClient;
  /**
   * Message ids the broker returned (unroutable) whose ack has not come yet: a return comes
   * before the ack of the same publish, so the ack that follows finds its id here.
   */
  #returned = new Map<string, number>();

  /** Sends awaiting their confirm (re-sends after a reconnect included). */
  #inFlight = 0;

  /** A publisher on `keeper`'s connection (nothing is opened until the first send). */
  constructor(keeper: ConnectionKeeper, options: PublisherOptions) {
    this.#keeper = keeper;
    this.#options = options;
  }

  /** Sends awaiting their confirm. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Sends `body` and resolves once the broker confirmed it. Rejects with a
   * {@linkcode MessagingError}: `nacked`, `returned` (mandatory and unroutable), `timeout`,
   * `closed` (the broker was closed, or reconnecting gave up), `refused` (the exchange does not
   * exist, say) or `invalid` (the body cannot be encoded).
   */
  async send(body: T, options: SendOptions = {}): Promise<void> {
    const { bytes, contentType } = encodeBody(body, this.#options.json ?? true);
    const properties = this.#propertiesOf(options, contentType);
    const deadline = performance.now() + (this.#options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS);
    this.#inFlight++;
    try {
      for (let blockedWait = 250;;) {
        const outcome = await this.#attempt(bytes, properties, options.routingKey ?? "", deadline);
        if (outcome === "sent") return;
        if (outcome === "blocked") {
          await sleep(Math.min(blockedWait, Math.max(0, deadline - performance.now())));
          blockedWait = Math.min(blockedWait * 2, 4_000);
        }
      }
    } finally {
      this.#inFlight--;
    }
  }

  /** The message's properties: the publisher's defaults, then the send's own. */
  #propertiesOf(options: SendOptions, contentType: string | undefined): MessageProperties {
    const persistent = options.persistent ?? this.#options.persistent ?? true;
    const properties: MessageProperties = {
      messageId: options.messageId ?? crypto.randomUUID(),
      deliveryMode: persistent ? 2 : 1,
      timestamp: new Date(),
    };
    const type = options.contentType ?? contentType;
    if (type) properties.contentType = type;
    if (options.headers) properties.headers = options.headers;
    if (options.correlationId !== undefined) properties.correlationId = options.correlationId;
    if (options.replyTo !== undefined) properties.replyTo = options.replyTo;
    if (options.expiresInMs !== undefined) properties.expiration = String(options.expiresInMs);
    if (options.priority !== undefined) properties.priority = options.priority;
    if (options.type !== undefined) properties.type = options.type;
    return properties;
  }

  /**
   * One try: on the current connection (after a reconnect, the new one), publish and await
   * the confirm. Answers `sent`, `lost` (try again: the connection went), `blocked` (the broker
   * blocks publishers: wait, then again); throws what ends the send.
   */
  async #attempt(
    bytes: Uint8Array,
    properties: MessageProperties,
    routingKey: string,
    deadline: number,
  ): Promise<"sent" | "lost" | "blocked"> {
    const { exchange } = this.#options;
    const messageId = properties.messageId!;
    let client: SafeAmqpClient | undefined;
    try {
      client = await within(this.#keeper.connection(), deadline);
      const channel = await within(this.#channelOn(client), deadline);
      const mandatory = this.#options.mandatory ?? true;
      await within(
        channel.basicPublish(exchange, routingKey, bytes, properties, mandatory),
        deadline,
      );
    } catch (error) {
      if (error instanceof MessagingError) throw error; // the keeper was closed or gave up
      if (error instanceof TimedOut) throw this.#timedOut(messageId);
      const refusal = classifyRefusal(error, client ? isConnectionLoss(error, client) : false);
      if (refusal === "connection-lost") return "lost";
      if (refusal === "blocked") return "blocked";
      if (refusal === "nacked") {
        throw new MessagingError("nacked", `the broker refused message '${safe(messageId)}'`, {
          cause: error,
        });
      }
      throw new MessagingError(
        "refused",
        `message '${safe(messageId)}' was not published: ${
          explainBrokerError(error, { exchange })
        }`,
        { cause: error },
      );
    }
    if (this.#takeReturn(messageId)) {
      throw new MessagingError(
        "returned",
        `no queue took message '${safe(messageId)}' (exchange '${safe(exchange)}', routing key '${
          safe(routingKey)
        }')`,
      );
    }
    return "sent";
  }

  #timedOut(messageId: string): MessagingError {
    const seconds = (this.#options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS) / 1000;
    return new MessagingError(
      "timeout",
      `the broker did not confirm message '${safe(messageId)}' within ${seconds}s; ` +
        `it may or may not have been queued`,
    );
  }

  /** The open confirm-mode channel on `client`, opening one when there is none. */
  #channelOn(client: SafeAmqpClient): Promise<AMQPChannel> {
    const current = this.#channel;
    if (current && this.#channelClient === client) {
      return current.then((ch) => ch.closed ? this.#openChannel(client) : ch);
    }
    return this.#openChannel(client);
  }

  #openChannel(client: SafeAmqpClient): Promise<AMQPChannel> {
    this.#channelClient = client;
    this.#returned.clear(); // returns on a closed channel have no ack to come
    const opened = (async () => {
      const channel = await client.channel();
      await channel.confirmSelect();
      settleNacksCumulatively(channel);
      channel.onReturn = (message) => this.#onReturn(message);
      return channel;
    })();
    this.#channel = opened;
    opened.catch(() => {
      if (this.#channel === opened) this.#channel = undefined; // opened again by the next send
    });
    return opened;
  }

  #onReturn(message: AMQPMessage): void {
    const id = message.properties.messageId ?? "";
    this.#returned.set(id, (this.#returned.get(id) ?? 0) + 1);
  }

  /** Whether the broker returned the publish of `messageId` just confirmed (and forgets it). */
  #takeReturn(messageId: string): boolean {
    const count = this.#returned.get(messageId);
    if (!count) return false;
    if (count === 1) this.#returned.delete(messageId);
    else this.#returned.set(messageId, count - 1);
    return true;
  }
}

/** `promise`, or a {@linkcode TimedOut} rejection at `deadline` (performance.now() time). */
function within<T>(promise: Promise<T>, deadline: number): Promise<T> {
  promise.catch(() => {}); // a late failure after the deadline is no one's business
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), Math.max(0, deadline - performance.now()));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A name or id from the program, made safe for the terminal it may be printed on. */
function safe(text: string): string {
  return terminalSafe(text);
}
