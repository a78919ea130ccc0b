/**
 * A typed client for the parts of RabbitMQ's management HTTP API this toolkit uses.
 */
import type { ManagementEndpoint } from "./config.ts";
import { UserError } from "./errors.ts";

/** A rate as the management API reports it. */
export interface RateDetails {
  rate: number;
}

/** Message counters with their rates (fields are missing until something happened). */
export interface MessageStats {
  publish_details?: RateDetails;
  deliver_get_details?: RateDetails;
  ack_details?: RateDetails;
  redeliver_details?: RateDetails;
}

/** A queue as the management API describes it (the fields we read). */
export interface QueueInfo {
  name: string;
  vhost: string;
  durable: boolean;
  type?: string;
  state?: string;
  arguments: Record<string, unknown>;
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  message_stats?: MessageStats;
  consumer_details?: ConsumerDetail[];
}

/** One consumer of a queue (from the single-queue endpoint). */
export interface ConsumerDetail {
  consumer_tag: string;
  prefetch_count: number;
  ack_required: boolean;
  channel_details: {
    name: string;
    connection_name: string;
    peer_host: string;
    peer_port: number;
    user: string;
  };
}

/** The broker-wide overview. */
export interface OverviewInfo {
  rabbitmq_version?: string;
  cluster_name?: string;
  object_totals?: { queues?: number; consumers?: number; connections?: number; channels?: number };
  queue_totals?: { messages?: number; messages_ready?: number; messages_unacknowledged?: number };
  message_stats?: MessageStats;
}

/** A client connection (the fields we read). */
export interface ConnectionInfo {
  name: string;
  user: string;
  vhost: string;
  state?: string;
  channels?: number;
  peer_host?: string;
  peer_port?: number;
  client_properties?: { connection_name?: string; product?: string; platform?: string };
  recv_oct_details?: RateDetails;
  send_oct_details?: RateDetails;
}

/** A channel (the fields we read). */
export interface ChannelInfo {
  name: string;
  number: number;
  vhost: string;
  user: string;
  connection_details?: { name: string; peer_host?: string; peer_port?: number };
  consumer_count?: number;
  prefetch_count?: number;
  messages_unacknowledged?: number;
  confirm?: boolean;
  message_stats?: MessageStats;
}

/** An exchange as the management API describes it (the fields we read). */
export interface ExchangeInfo {
  name: string;
  vhost: string;
  type: string;
  durable: boolean;
}

/** A binding as the management API describes it (the fields we read). */
export interface BindingInfo {
  source: string;
  destination: string;
  destination_type: "queue" | "exchange";
  routing_key: string;
  arguments?: Record<string, unknown>;
}

/**
 * Calls the management API with the broker user's credentials.
 *
 * @example
 * ```ts
 * const api = new ManagementClient({ baseUrl: "http://localhost:15672", username: "guest",
 *   password: "guest", vhost: "/" });
 * const queues = await api.queues();
 * ```
 */
export class ManagementClient {
  readonly #endpoint: ManagementEndpoint;
  readonly #auth: string;

  constructor(endpoint: ManagementEndpoint) {
    this.#endpoint = endpoint;
    this.#auth = "Basic " + btoa(`${endpoint.username}:${endpoint.password}`);
  }

  /** The vhost this client works in, URL-encoded for paths. */
  get #vhost(): string {
    return encodeURIComponent(this.#endpoint.vhost);
  }

  /** Sends one request; throws a {@linkcode UserError} that says what went wrong. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.#endpoint.baseUrl}/api/${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: this.#auth, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new UserError(
        `the management API at ${this.#endpoint.baseUrl} did not answer (${
          error instanceof Error ? error.message : error
        }). Is the rabbitmq_management plugin enabled (rabbitmq-plugins enable rabbitmq_management)? ` +
          `Set --management-url or MANAGEMENT_URL if it listens elsewhere.`,
      );
    }
    const text = await response.text();
    if (response.status === 401) {
      throw new UserError(
        `the management API refused user '${this.#endpoint.username}' (401); check the credentials in --url / AMQP_URL`,
      );
    }
    if (!response.ok) {
      throw new UserError(
        `management API ${method} ${path} failed: ${response.status} ${text.slice(0, 200)}`,
      );
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Every queue in the vhost. */
  queues(): Promise<QueueInfo[]> {
    return this.request("GET", `queues/${this.#vhost}`);
  }

  /** One queue, or `undefined` when it does not exist. */
  async queue(name: string): Promise<QueueInfo | undefined> {
    try {
      return await this.request("GET", `queues/${this.#vhost}/${encodeURIComponent(name)}`);
    } catch (error) {
      if (error instanceof UserError && error.message.includes(" 404 ")) return undefined;
      throw error;
    }
  }

  /** Deletes a queue; returns false when it did not exist. */
  async deleteQueue(name: string): Promise<boolean> {
    return await this.#delete(`queues/${this.#vhost}/${encodeURIComponent(name)}`);
  }

  /** Every exchange in the vhost, the built-in ones included. */
  exchanges(): Promise<ExchangeInfo[]> {
    return this.request("GET", `exchanges/${this.#vhost}`);
  }

  /** Deletes an exchange; returns false when it did not exist. */
  async deleteExchange(name: string): Promise<boolean> {
    return await this.#delete(`exchanges/${this.#vhost}/${encodeURIComponent(name)}`);
  }

  /** The broker-wide overview. */
  overview(): Promise<OverviewInfo> {
    return this.request("GET", "overview");
  }

  /** Client connections in the vhost. */
  connections(): Promise<ConnectionInfo[]> {
    return this.request("GET", `vhosts/${this.#vhost}/connections`);
  }

  /** Channels in the vhost. */
  channels(): Promise<ChannelInfo[]> {
    return this.request("GET", `vhosts/${this.#vhost}/channels`);
  }

  /** One exchange, or `undefined` when it does not exist. */
  async exchange(name: string): Promise<ExchangeInfo | undefined> {
    try {
      return await this.request("GET", `exchanges/${this.#vhost}/${encodeURIComponent(name)}`);
    } catch (error) {
      if (error instanceof UserError && error.message.includes(" 404 ")) return undefined;
      throw error;
    }
  }

  /** Bindings that deliver into a queue. */
  queueBindings(name: string): Promise<BindingInfo[]> {
    return this.request("GET", `queues/${this.#vhost}/${encodeURIComponent(name)}/bindings`);
  }

  /** Every binding in the vhost. */
  bindings(): Promise<BindingInfo[]> {
    return this.request("GET", `bindings/${this.#vhost}`);
  }

  async #delete(path: string): Promise<boolean> {
    try {
      await this.request("DELETE", path);
      return true;
    } catch (error) {
      if (error instanceof UserError && error.message.includes(" 404 ")) return false;
      throw error;
    }
  }
}

/**
 * Exchanges that nothing routes through: not built in (the default exchange and `amq.*`), and
 * the source of no binding.
 *
 * @example
 * ```ts
 * unusedExchanges([{ name: "x", vhost: "/", type: "direct", durable: true }], []); // [x]
 * ```
 */
export function unusedExchanges(
  exchanges: ExchangeInfo[],
  bindings: BindingInfo[],
): ExchangeInfo[] {
  const sources = new Set(bindings.map((b) => b.source));
  return exchanges.filter((e) =>
    e.name !== "" && !e.name.startsWith("amq.") && !sources.has(e.name)
  );
}
