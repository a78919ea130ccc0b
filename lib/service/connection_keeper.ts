/**
 * The one broker connection a service keeps: after a drop it reconnects (a cluster's next node
 * first), restores what the program declared on the new connection, and only then hands it to
 * whoever waits, so a consumer resubscribes and a publisher re-sends onto a queue that exists.
 */
import { FailoverConnector, type SafeAmqpClient } from "../amqp/mod.ts";
import type { AmqpEndpoint } from "../config.ts";
import { messageOf } from "../_util/mod.ts";
import { MessagingError } from "./messaging_error.ts";

/** Options for {@linkcode ConnectionKeeper.open}. */
export interface ConnectionKeeperOptions {
  /** One broker, or the nodes of a cluster, in the order to try them. */
  endpoints: readonly AmqpEndpoint[];
  /** Connection name shown in the management UI. */
  name: string;
  /** How long (ms) the first connection keeps trying while no broker answers. */
  connectTimeoutMs: number;
  /** Open the connection again after it dropped. Without it, a drop closes the keeper. */
  reconnect: boolean;
  /** How long (ms) a reconnection keeps trying; absent: for as long as it takes. */
  reconnectTimeoutMs?: number;
  /** Told that the connection dropped, with why; a reconnection starts. */
  onLost?: (error: Error) => void;
  /** Told that a new connection is open and restored, with the node it went to. */
  onBack?: (endpoint: string) => void;
  /** Told that the connection is gone for good (reconnecting was refused or gave up). */
  onFailed?: (error: MessagingError) => void;
}

/** Brings a new connection up to date before anyone uses it (declares the topology, say). */
export type Restorer = (client: SafeAmqpClient) => Promise<void>;

/**
 * A connection that comes back by itself.
 *
 * @example
 * ```ts
 * const keeper = await ConnectionKeeper.open({ endpoints: parseAmqpUrls(url), name: "orders",
 *   connectTimeoutMs: 30_000, reconnect: true });
 * keeper.onReconnect((client) => declareMyQueues(client));
 * const client = await keeper.connection(); // during a reconnection: the restored new one
 * await keeper.close();
 * ```
 */
export class ConnectionKeeper {
  readonly #options: ConnectionKeeperOptions;
  readonly #connector: FailoverConnector;
  /** Ends a reconnection that is still trying when the keeper is closed. */
  readonly #abort = new AbortController();
  readonly #restorers: Restorer[] = [];

  // The connection in use, and the reconnection under way (shared by everyone who waits).
  #client: SafeAmqpClient;
  #recovering?: Promise<SafeAmqpClient>;
  /** Set once the connection is gone for good: closed by the program, or not reopened. */
  #gone?: MessagingError;

  private constructor(
    options: ConnectionKeeperOptions,
    connector: FailoverConnector,
    client: SafeAmqpClient,
  ) {
    this.#options = options;
    this.#connector = connector;
    this.#client = client;
    this.#watch(client);
  }

  /** Connects to the first node that answers (retrying while none does, up to the timeout). */
  static async open(options: ConnectionKeeperOptions): Promise<ConnectionKeeper> {
    const abort = new AbortController();
    const connector = new FailoverConnector({
      endpoints: options.endpoints,
      name: options.name,
      connectTimeoutMs: options.connectTimeoutMs,
      reconnectTimeoutMs: options.reconnectTimeoutMs ?? Infinity,
      signal: abort.signal,
    });
    const keeper = new ConnectionKeeper(options, connector, await connector.connect());
    keeper.#abort.signal.addEventListener("abort", () => abort.abort(keeper.#gone));
    return keeper;
  }

  /** The node of the current connection, without its password. */
  get endpoint(): string {
    return this.#connector.endpoint.display;
  }

  /** Whether the keeper was closed, or its connection is gone for good. */
  get closed(): boolean {
    return this.#gone !== undefined;
  }

  /** Runs `restore` on every new connection, after those registered before it, before use. */
  onReconnect(restore: Restorer): void {
    this.#restorers.push(restore);
  }

  /**
   * The open connection; while one is being reopened, that one once restored. Rejects with a
   * {@linkcode MessagingError} of kind `closed` once the keeper is closed or gave up.
   */
  connection(): Promise<SafeAmqpClient> {
    return this.reconnect(new Error("the connection is closed"));
  }

  /**
   * An open connection for one that was lost (`cause`): the current one when it is open, else
   * the reconnection's (started now unless under way). What `Consumer` and `PublishRun` take
   * as their `reconnect` option.
   */
  reconnect(cause: unknown): Promise<SafeAmqpClient> {
    if (this.#gone) return Promise.reject(this.#gone);
    if (this.#recovering) return this.#recovering;
    if (!this.#client.closed) return Promise.resolve(this.#client);
    return this.#startRecovery(cause);
  }

  /** Closes the connection; sends and reconnections waiting on it reject with kind `closed`. */
  async close(): Promise<void> {
    this.#gone ??= new MessagingError("closed", "the broker connection was closed");
    this.#abort.abort(this.#gone);
    const client = this.#client;
    if (!client.closed) await client.close().catch(() => {});
  }

  /** Starts reconnecting when `client` drops, unless it was closed on purpose. */
  #watch(client: SafeAmqpClient): void {
    // Called before the client marks itself closed (on the broker's connection.close), so
    // the recovery starts here rather than through `reconnect`, which asks `closed`.
    client.ondisconnect = (error) => {
      if (client !== this.#client || this.#gone) return;
      // Whoever waits is told through the promise; with no one waiting, `onFailed` says it.
      this.#startRecovery(error ?? new Error("the connection dropped")).catch(() => {});
    };
  }

  #startRecovery(cause: unknown): Promise<SafeAmqpClient> {
    if (!this.#recovering) {
      this.#recovering = this.#recover(cause).finally(() => (this.#recovering = undefined));
    }
    return this.#recovering;
  }

  /** Reconnects (as often as a new connection drops while it is restored) and restores. */
  async #recover(cause: unknown): Promise<SafeAmqpClient> {
    this.#options.onLost?.(cause instanceof Error ? cause : new Error(messageOf(cause)));
    if (!this.#options.reconnect) throw this.#giveUp(cause);
    for (;;) {
      let client: SafeAmqpClient;
      try {
        client = await this.#connector.reconnect();
      } catch (error) {
        throw this.#giveUp(error);
      }
      try {
        if (this.#gone) throw this.#gone; // closed while it connected
        for (const restore of this.#restorers) await restore(client);
      } catch (error) {
        if (client.closed && !this.#gone) continue; // dropped again: once more
        await client.close().catch(() => {});
        throw this.#giveUp(error);
      }
      this.#client = client;
      this.#watch(client);
      this.#options.onBack?.(this.endpoint);
      return client;
    }
  }

  /** The connection is gone for good: says why, once, and fails whoever waits. */
  #giveUp(error: unknown): MessagingError {
    if (this.#gone) return this.#gone;
    this.#gone = error instanceof MessagingError ? error : new MessagingError(
      "closed",
      `the broker connection was lost and not opened again: ${messageOf(error)}`,
      { cause: error },
    );
    this.#abort.abort(this.#gone);
    this.#options.onFailed?.(this.#gone);
    return this.#gone;
  }
}
