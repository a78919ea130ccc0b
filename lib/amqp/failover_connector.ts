/**
 * Connections for a script that must keep going when its broker goes away: the first connection
 * goes to the first node that answers; after a loss, the next connection starts with the node
 * after the one that was lost (a cluster's other nodes), coming back round to it last.
 */
import type { SafeAmqpClient } from "./safe_amqp_client.ts";
import type { AmqpEndpoint } from "../config.ts";
import { connect, type ConnectHints } from "./connection.ts";

/** Options for {@linkcode FailoverConnector}. */
export interface FailoverConnectorOptions {
  /** One broker, or the nodes of a cluster, in the order to try them. */
  endpoints: readonly AmqpEndpoint[];
  /** Connection name shown in the management UI. */
  name: string;
  /** How long (ms) the first connection keeps trying. */
  connectTimeoutMs: number;
  /** How long (ms) a reconnection keeps trying. */
  reconnectTimeoutMs?: number;
  /** Largest frame we send, in bytes (see `connect`). */
  frameMax?: number;
  /** Told about each failed round of the first connection that will be retried. */
  onRetry?: (message: string, attempts: number) => void;
  /** The caller's words for what to change; `reconnectTimeout` names the reconnection's. */
  hints?: ConnectHints & { reconnectTimeout?: string };
  /** Stops a connection that keeps trying, before its next round, once aborted. */
  signal?: AbortSignal;
}

/**
 * Opens and re-opens one logical connection across a list of brokers.
 *
 * @example
 * ```ts
 * const connector = new FailoverConnector({ endpoints: parseAmqpUrls(url), name: "produce",
 *   connectTimeoutMs: 30_000, reconnectTimeoutMs: 60_000 });
 * let conn = await connector.connect();
 * // ... the connection dropped:
 * conn = await connector.reconnect();
 * console.log(`now on ${connector.endpoint.display}`);
 * ```
 */
export class FailoverConnector {
  readonly #options: FailoverConnectorOptions;
  #index = 0;

  /** A connector over `options.endpoints`; nothing connects until `connect()`. */
  constructor(options: FailoverConnectorOptions) {
    this.#options = options;
  }

  /** The broker of the latest connection (the first in the list before any). */
  get endpoint(): AmqpEndpoint {
    return this.#options.endpoints[this.#index];
  }

  /** Connects to the first broker in the list that answers. */
  async connect(): Promise<SafeAmqpClient> {
    return await this.#open(0, this.#options.connectTimeoutMs, this.#options.hints?.timeout);
  }

  /** Connects again after a loss, starting with the broker after the one that was lost. */
  async reconnect(): Promise<SafeAmqpClient> {
    return await this.#open(
      this.#index + 1,
      this.#options.reconnectTimeoutMs ?? this.#options.connectTimeoutMs,
      this.#options.hints?.reconnectTimeout ?? "the reconnect timeout",
    );
  }

  async #open(startAt: number, connectTimeoutMs: number, timeout: string | undefined) {
    const opened = await connect({
      endpoints: this.#options.endpoints,
      startAt,
      name: this.#options.name,
      frameMax: this.#options.frameMax,
      connectTimeoutMs,
      hints: { ...this.#options.hints, timeout },
      onRetry: startAt === 0 ? this.#options.onRetry : undefined,
      signal: this.#options.signal,
    });
    this.#index = opened.index;
    return opened.client;
  }
}
