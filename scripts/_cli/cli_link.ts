/**
 * The scripts' broker connection: connects with retries (said on stderr every few seconds),
 * and after a drop reconnects to the next node, prepares the new connection, and says so.
 */
import type { SafeAmqpClient } from "../../lib/amqp/mod.ts";
import { explainBrokerError, FailoverConnector, isConnectionLoss } from "../../lib/amqp/mod.ts";
import { sleep } from "../../lib/_util/mod.ts";
import { CLI_CONNECT_HINTS, CLI_HINTS } from "./hints.ts";
import type { BrokerConnection } from "./connection_flags.ts";

/** Options for {@linkcode CliLink}. */
export interface CliLinkOptions {
  /** The script's name, the prefix of every line it prints ("produce"). */
  script: string;
  /** The broker the connection flags name (its nodes, and the timeouts). */
  broker: BrokerConnection;
  /** Connection name shown in the management UI. */
  name: string;
  frameMax?: number;
  /** What the script does once reconnected, as told to the user ("subscribing again"). */
  resumes: string;
  /** Run on every new connection after a drop (declare the topology, say). */
  prepare?: (conn: SafeAmqpClient) => Promise<void>;
}

/**
 * A script's connection with failover and its messages on stderr.
 *
 * @example
 * ```ts
 * const link = new CliLink({ script: "consume", broker, name: "consume Worker",
 *   resumes: "subscribing again" });
 * const conn = await link.connect();
 * ```
 */
export class CliLink {
  readonly #options: CliLinkOptions;
  readonly #connector: FailoverConnector;
  #conn: SafeAmqpClient | undefined;

  constructor(options: CliLinkOptions) {
    this.#options = options;
    this.#connector = new FailoverConnector({
      endpoints: options.broker.amqp,
      name: options.name,
      frameMax: options.frameMax,
      connectTimeoutMs: options.broker.connectTimeout * 1000,
      reconnectTimeoutMs: options.broker.reconnectTimeout * 1000,
      hints: CLI_CONNECT_HINTS,
      onRetry: (message, attempts) =>
        console.error(`${options.script}: ${message} Retrying (${attempts} attempts so far)...`),
    });
  }

  /** The connection in use now. */
  get connection(): SafeAmqpClient {
    if (!this.#conn) throw new Error("CliLink used before connect()");
    return this.#conn;
  }

  /** Connects to the first node that answers, retrying until `connectTimeout`. */
  async connect(): Promise<SafeAmqpClient> {
    this.#conn = await this.#connector.connect();
    return this.#conn;
  }

  /**
   * After a drop: reconnects (to the next node of a cluster) with backoff and prepares the new
   * connection, again while it drops during that; a refusal is thrown. Pass it as `reconnect`
   * to the publisher or the consumer.
   */
  readonly reconnect = async (cause: unknown): Promise<SafeAmqpClient> => {
    const { script, prepare, resumes } = this.#options;
    console.error(
      `${script}: connection lost (${
        explainBrokerError(cause, { hints: CLI_HINTS })
      }); reconnecting...`,
    );
    for (;;) {
      this.#conn = await this.#connector.reconnect();
      try {
        await prepare?.(this.#conn);
        break;
      } catch (error) {
        if (!isConnectionLoss(error, this.#conn)) throw error; // a refusal, not another drop
      }
    }
    console.error(`${script}: reconnected to ${this.#connector.endpoint.display}; ${resumes}`);
    return this.#conn;
  };

  /** Runs `step` on the connection; when the connection is lost meanwhile, reconnects and runs it again. */
  async retry<T>(step: (conn: SafeAmqpClient) => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await step(this.connection);
      } catch (error) {
        if (!isConnectionLoss(error, this.connection)) throw error;
        await this.reconnect(error);
      }
    }
  }

  /** Closes the connection, waiting `timeoutMs` at most: a stuck one would not answer. */
  async close(timeoutMs = 2_000): Promise<void> {
    await Promise.race([this.#conn?.close().catch(() => {}), sleep(timeoutMs)]);
  }
}
