/**
 * One AMQP connection shared by a long-running server (the monitor): opened on first use,
 * opened again on the next use after it dropped (on the next node, given a cluster's nodes).
 */
import type { SafeAmqpClient } from "./safe_amqp_client.ts";
import type { AmqpEndpoint } from "../config.ts";
import { FailoverConnector } from "./failover_connector.ts";
import type { ConnectHints } from "./connection.ts";

/**
 * A lazily (re)opened connection.
 *
 * @example
 * ```ts
 * const link = new AmqpLink(parseAmqpUrls(DEFAULT_AMQP_URL), "monitor");
 * const conn = await link.connection();
 * await link.close();
 * ```
 */
export class AmqpLink {
  readonly #connector: FailoverConnector;
  #current?: Promise<SafeAmqpClient>;

  /** A link to `endpoints`; `hints` name the caller's settings in its connection errors. */
  constructor(endpoints: readonly AmqpEndpoint[], name: string, hints?: ConnectHints) {
    this.#connector = new FailoverConnector({ endpoints, name, connectTimeoutMs: 5_000, hints });
  }

  /** The open connection, connecting first when there is none (concurrent callers share it). */
  async connection(): Promise<SafeAmqpClient> {
    const current = this.#current && await this.#current.catch(() => undefined);
    if (current && !current.closed) return current;
    this.#current = this.#current ? this.#connector.reconnect() : this.#connector.connect();
    return await this.#current;
  }

  /** Closes the connection if one is open. */
  async close(): Promise<void> {
    const current = this.#current && await this.#current.catch(() => undefined);
    this.#current = undefined;
    if (current && !current.closed) await current.close().catch(() => {});
  }
}
