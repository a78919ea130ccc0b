/**
 * One AMQP connection shared by a long-running server (the monitor): opened on first use,
 * opened again on the next use after it dropped.
 */
import type { AMQPClient } from "@cloudamqp/amqp-client";
import type { AmqpEndpoint } from "./config.ts";
import { connect } from "./connection.ts";

/**
 * A lazily (re)opened connection.
 *
 * @example
 * ```ts
 * const link = new AmqpLink(parseAmqpUrl(DEFAULT_AMQP_URL), "monitor");
 * const conn = await link.connection();
 * await link.close();
 * ```
 */
export class AmqpLink {
  readonly #endpoint: AmqpEndpoint;
  readonly #name: string;
  #current?: Promise<AMQPClient>;

  constructor(endpoint: AmqpEndpoint, name: string) {
    this.#endpoint = endpoint;
    this.#name = name;
  }

  /** The open connection, connecting first when there is none (concurrent callers share it). */
  async connection(): Promise<AMQPClient> {
    const current = this.#current && await this.#current.catch(() => undefined);
    if (current && !current.closed) return current;
    this.#current = connect({
      endpoint: this.#endpoint,
      name: this.#name,
      connectTimeoutMs: 5_000,
    });
    return await this.#current;
  }

  /** Closes the connection if one is open. */
  async close(): Promise<void> {
    const current = this.#current && await this.#current.catch(() => undefined);
    this.#current = undefined;
    if (current && !current.closed) await current.close().catch(() => {});
  }
}
