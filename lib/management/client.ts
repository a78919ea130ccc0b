/**
 * A typed client for the parts of RabbitMQ's management HTTP API this toolkit uses.
 */
import type { ManagementEndpoint } from "../config.ts";
import { messageOf, sleep } from "../_util/mod.ts";
import { type TlsHints, tlsProblem } from "../tls_problem.ts";
import { HttpError, UserError } from "../errors.ts";
import { chartPointsOf, historyQuery } from "./chart_history.ts";
import type { ChartPoint } from "../shared/snapshot.ts";
import type {
  BindingInfo,
  ChannelInfo,
  ConnectionInfo,
  ExchangeInfo,
  ManagementPage,
  NodeInfo,
  OverviewInfo,
  QueueInfo,
  VhostInfo,
} from "../shared/management_types.ts";

/** The fields of {@linkcode NodeInfo}, asked for by name. */
const NODE_COLUMNS = [
  "name",
  "running",
  "type",
  "mem_used",
  "mem_limit",
  "mem_alarm",
  "disk_free",
  "disk_free_limit",
  "disk_free_alarm",
  "fd_used",
  "fd_total",
  "uptime",
  "partitions",
];

/** Where the caller's user sets what a management error points at; absent: said plainly. */
export interface ManagementHints extends TlsHints {
  /** Where the management API's address is set: "--management-url or MANAGEMENT_URL". */
  managementUrl?: string;
  /** Where the credentials are set: "--url / AMQP_URL". */
  credentials?: string;
}

/** Pauses before asking again after a read failed with 500 (see `ManagementClient.request`). */
const READ_RETRY_DELAYS_MS = [50, 100, 200, 400];

/**
 * Whether the management API refused a read because the broker collects no statistics for it
 * (`management_agent.disable_metrics_collector = true`, RabbitMQ's advice since the
 * `management_metrics_collection` deprecation): it still lists queues, exchanges and nodes,
 * without figures, but answers 400 for channels and statistics.
 *
 * @example
 * ```ts
 * statisticsDisabled(new HttpError(400, 'failed: 400 {"reason":"Stats in management UI are disabled on this node"}'));
 * // true
 * ```
 */
export function statisticsDisabled(error: unknown): boolean {
  return error instanceof HttpError && error.status === 400 &&
    error.message.includes("Stats in management UI are disabled");
}

/**
 * Calls the management API with the broker user's credentials. With several base URLs (one per
 * cluster node) it keeps using the one that answered last and moves on to the next when it
 * does not answer.
 *
 * @example
 * ```ts
 * const api = new ManagementClient({ baseUrls: ["http://localhost:15672"], username: "guest",
 *   password: "guest", vhost: "/" });
 * const queues = await api.queues();
 * ```
 */
export class ManagementClient {
  readonly #endpoint: ManagementEndpoint;
  readonly #auth: string;
  readonly #hints: ManagementHints;
  // For https with a private CA or a client certificate; fetch's own otherwise.
  readonly #httpClient?: Deno.HttpClient;
  #current = 0;

  /**
   * A client for `endpoint`; nothing is sent until a request. `hints` name where the user sets
   * the address and the credentials (a script: its flags), for the errors it explains.
   */
  constructor(endpoint: ManagementEndpoint, hints: ManagementHints = {}) {
    this.#endpoint = endpoint;
    this.#auth = "Basic " + btoa(`${endpoint.username}:${endpoint.password}`);
    this.#hints = hints;
    const tls = endpoint.tls;
    if (tls) {
      this.#httpClient = Deno.createHttpClient({
        caCerts: tls.caCerts,
        ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
      });
    }
  }

  /** The base URL in use: the one that answered last. */
  get baseUrl(): string {
    return this.#endpoint.baseUrls[this.#current];
  }

  /** The virtual host this client works in. */
  get vhost(): string {
    return this.#endpoint.vhost;
  }

  /** The vhost this client works in, URL-encoded for paths. */
  get #vhost(): string {
    return encodeURIComponent(this.#endpoint.vhost);
  }

  /**
   * Sends one request (with `headers` besides the credentials, such as `X-Reason`). Throws a
   * {@linkcode UserError} that says what went wrong: an {@linkcode HttpError} with the status
   * when the API answered with an error.
   *
   * A read that fails with 500 is asked again, four times at most: RabbitMQ 3.10's queue
   * listing crashes (`badarg` in `rabbit_amqqueue_process:format/1`) when it meets a quorum
   * queue or stream that is being declared at that instant (7% of listings while one client
   * declares them in a loop); a later listing succeeds.
   */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    for (let attempt = 0;; attempt++) {
      try {
        return await this.#requestOnce<T>(method, path, body, headers);
      } catch (error) {
        const transient = error instanceof HttpError && error.status === 500 && method === "GET";
        if (!transient || attempt >= READ_RETRY_DELAYS_MS.length) throw error;
        await sleep(READ_RETRY_DELAYS_MS[attempt]);
      }
    }
  }

  /** One attempt of {@linkcode request}, trying each base URL in turn. */
  async #requestOnce<T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const { baseUrls } = this.#endpoint;
    let response: Response | undefined;
    const failures: string[] = [];
    for (let i = 0; i < baseUrls.length && !response; i++) {
      const index = (this.#current + i) % baseUrls.length;
      try {
        response = await fetch(`${baseUrls[index]}/api/${path}`, {
          method,
          headers: {
            ...extraHeaders,
            authorization: this.#auth,
            "content-type": "application/json",
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          // Several nodes to try: give each less time, so one dead node does not stall a poll.
          signal: AbortSignal.timeout(baseUrls.length > 1 ? 4_000 : 10_000),
          client: this.#httpClient,
        } as RequestInit);
        this.#current = index;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        // A certificate fault does not mend itself, and names the same fault on every node.
        const tls = tlsProblem(
          `${reason} ${messageOf(error instanceof Error ? error.cause : "")}`,
          baseUrls[index],
          this.#hints,
        );
        if (tls) throw new UserError(tls, { cause: error });
        failures.push(`${baseUrls[index]} (${reason})`);
      }
    }
    if (!response) {
      throw new UserError(
        `the management API did not answer at ${failures.join(", ")}. ` +
          `Is the rabbitmq_management plugin enabled (rabbitmq-plugins enable rabbitmq_management)? ` +
          `Set ${this.#hints.managementUrl ?? "the management URL"} if it listens elsewhere.`,
      );
    }
    const text = await response.text();
    if (response.status === 401) {
      throw new HttpError(
        401,
        `the management API refused user '${this.#endpoint.username}' (401); check the credentials in ${
          this.#hints.credentials ?? "the connection URL"
        }`,
      );
    }
    if (!response.ok) {
      throw new ManagementRefusal(
        response.status,
        `management API ${method} ${path} failed: ${response.status} ${text.slice(0, 200)}`,
        reasonOf(text),
      );
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * The vhost's own depths and message rates (`/api/overview`'s span every vhost); `query` asks
   * for sample histories.
   */
  vhostInfo(query = ""): Promise<VhostInfo> {
    return this.request("GET", `vhosts/${this.#vhost}${query ? `?${query}` : ""}`);
  }

  /**
   * Every queue in the vhost; with `columns`, only those fields of each (dotted for nested
   * ones): a listing of thousands of queues is a fifth the size, and less work for the broker.
   */
  queues(columns?: readonly string[]): Promise<QueueInfo[]> {
    const query = columns ? `?columns=${columns.map(encodeURIComponent).join(",")}` : "";
    return this.request("GET", `queues/${this.#vhost}${query}`);
  }

  /**
   * One page of the vhost's queues, paged, sorted and filtered (a substring of the name, any
   * case) by the broker, with the columns a snapshot reads: the management UI's way, which
   * costs the broker the page rather than the whole listing. A page past the end (the list
   * shrank) is the last page.
   */
  async queuePage(query: QueuePageQuery): Promise<ManagementPage<QueueInfo>> {
    const params = new URLSearchParams({
      page: String(query.page),
      page_size: String(query.pageSize),
      name: query.name,
      use_regex: "false",
      pagination: "true",
      columns: SNAPSHOT_QUEUE_COLUMNS.join(","),
    });
    // The broker keeps its queues in name order: asked for no other, it reads the statistics
    // of the page alone (0.15 s for 10,000 queues here); any `sort`, even `name`, makes it read
    // every queue's first (1.5 s).
    if (query.sort !== "name") params.set("sort", query.sort);
    if (query.sortReverse) params.set("sort_reverse", "true");
    try {
      return await this.request("GET", `queues/${this.#vhost}?${params}`);
    } catch (error) {
      // "Page out of range, page: 9 page size: 20, len: 41": the list shrank under the page.
      const len = error instanceof HttpError && error.status === 400
        ? /len: (\d+)/.exec(error.message)?.[1]
        : undefined;
      if (len === undefined || query.page === 1) throw error;
      const last = Math.max(1, Math.ceil(Number(len) / query.pageSize));
      return await this.queuePage({ ...query, page: last });
    }
  }

  /** One queue, or `undefined` when it does not exist. */
  async queue(name: string): Promise<QueueInfo | undefined> {
    try {
      return await this.request("GET", `queues/${this.#vhost}/${encodeURIComponent(name)}`);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Deletes a queue; returns false when it did not exist. With `guard`, the broker refuses
   * (an {@linkcode HttpError} 400, "not empty" or "in use") when the queue holds messages or
   * has consumers at that instant; quorum queues refuse any guard.
   */
  async deleteQueue(name: string, guard: DeleteGuard = {}): Promise<boolean> {
    return await this.#delete(
      `queues/${this.#vhost}/${encodeURIComponent(name)}${guardQuery(guard)}`,
    );
  }

  /** Empties a queue and keeps it; returns false when it did not exist. */
  async purgeQueue(name: string): Promise<boolean> {
    return await this.#delete(`queues/${this.#vhost}/${encodeURIComponent(name)}/contents`);
  }

  /** Every exchange in the vhost, the built-in ones included. */
  exchanges(): Promise<ExchangeInfo[]> {
    return this.request("GET", `exchanges/${this.#vhost}`);
  }

  /**
   * Deletes an exchange; returns false when it did not exist. With `{ ifUnused: true }` the
   * broker refuses (400, "in use") while it is the source of a binding.
   */
  async deleteExchange(name: string, guard: Pick<DeleteGuard, "ifUnused"> = {}): Promise<boolean> {
    return await this.#delete(
      `exchanges/${this.#vhost}/${encodeURIComponent(name)}${guardQuery(guard)}`,
    );
  }

  /** The broker-wide overview. */
  overview(): Promise<OverviewInfo> {
    return this.request("GET", "overview");
  }

  /** The cluster's nodes, those that are down included. */
  nodes(): Promise<NodeInfo[]> {
    // Only the columns we read: a full node answer is ~5 KB.
    return this.request("GET", `nodes?columns=${NODE_COLUMNS.join(",")}`);
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
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Bindings that deliver into a queue. */
  /**
   * The chart history of one queue (or, without `queue`, of the whole broker) for the last
   * `seconds`, one point every `step` seconds, from the management API's own samples.
   */
  async chartHistory(options: { queue?: string; seconds: number; step: number }): Promise<
    ChartPoint[]
  > {
    const query = historyQuery(options.seconds, options.step);
    if (options.queue === undefined) {
      const v = await this.vhostInfo(query);
      return chartPointsOf({
        ready: v.messages_ready_details,
        unacked: v.messages_unacknowledged_details,
        stats: v.message_stats,
      });
    }
    const q = await this.request<QueueInfo>(
      "GET",
      `queues/${this.#vhost}/${encodeURIComponent(options.queue)}?${query}`,
    );
    return chartPointsOf({
      ready: q.messages_ready_details,
      unacked: q.messages_unacknowledged_details,
      stats: q.message_stats,
    });
  }

  /** The bindings that deliver into a queue (the default exchange's included). */
  queueBindings(name: string): Promise<BindingInfo[]> {
    return this.request("GET", `queues/${this.#vhost}/${encodeURIComponent(name)}/bindings`);
  }

  /** The broker's virtual hosts, by name. */
  async vhosts(): Promise<string[]> {
    const vhosts = await this.request<{ name: string }[]>("GET", "vhosts?columns=name");
    return vhosts.map((v) => v.name).sort();
  }

  /**
   * Every virtual host with its depths and message rates, by name: what the management UI's
   * Virtual Hosts table shows. Only the fields read are asked for.
   *
   * @example
   * ```ts
   * for (const v of await api.vhostList()) console.log(v.name, v.messages_ready);
   * ```
   */
  async vhostList(): Promise<VhostInfo[]> {
    const vhosts = await this.request<VhostInfo[]>("GET", `vhosts?columns=${VHOST_COLUMNS}`);
    return vhosts.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }

  /** The bindings whose source is this exchange: where its messages may go. */
  exchangeBindings(name: string): Promise<BindingInfo[]> {
    return this.request(
      "GET",
      `exchanges/${this.#vhost}/${encodeURIComponent(name)}/bindings/source`,
    );
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
      if (error instanceof HttpError && error.status === 404) return false;
      throw error;
    }
  }
}

/**
 * The management API answered with an error status: an {@linkcode HttpError} that also keeps
 * the API's own `reason`, whole (the message cuts the answer short).
 */
export class ManagementRefusal extends HttpError {
  /** The `reason` of the API's JSON answer (its whole text when it sent no JSON). */
  readonly reason: string;

  /** The API answered `status`; `message` says so, `reason` is what it gave as the cause. */
  constructor(status: number, message: string, reason: string) {
    super(status, message);
    this.name = "ManagementRefusal";
    this.reason = reason;
  }
}

/** The `reason` of an error answer such as `{"error":"bad_request","reason":"…"}`. */
function reasonOf(text: string): string {
  try {
    const body = JSON.parse(text);
    if (typeof body?.reason === "string") return body.reason;
    if (typeof body?.error === "string") return body.error;
  } catch {
    // not JSON: the text is the reason
  }
  return text.trim();
}

/** Conditions the broker checks at the instant of a delete, refusing it when they fail. */
export interface DeleteGuard {
  /** Only when the queue holds no messages. */
  ifEmpty?: boolean;
  /** Only when the queue has no consumers (an exchange: is the source of no binding). */
  ifUnused?: boolean;
}

/** The management API's query for a guard: `?if-empty=true&if-unused=true`, or "". */
function guardQuery(guard: DeleteGuard): string {
  const params = new URLSearchParams();
  if (guard.ifEmpty) params.set("if-empty", "true");
  if (guard.ifUnused) params.set("if-unused", "true");
  return params.size ? `?${params}` : "";
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

/** A page of queues to ask the broker for; `sort` is the management API's field name. */
export interface QueuePageQuery {
  /** The page, from 1. */
  page: number;
  /** Queues per page. */
  pageSize: number;
  /** A substring of the name, any case ("" for all). */
  name: string;
  /** The field to sort by (`name`, `messages`, `message_stats.publish_details.rate`, …). */
  sort: string;
  /** Largest first. */
  sortReverse: boolean;
}

/** The fields of each vhost {@linkcode ManagementClient.vhostList} reads. */
const VHOST_COLUMNS = [
  "name",
  "messages_ready",
  "messages_unacknowledged",
  "message_stats.publish_details.rate",
  "message_stats.deliver_get_details.rate",
  "message_stats.ack_details.rate",
].join(",");

/**
 * The queue fields a snapshot reads (see `queueSnapshot` and `queueFeatures`): what the monitor
 * asks for instead of every field of every queue.
 */
export const SNAPSHOT_QUEUE_COLUMNS = [
  "name",
  "type",
  "state",
  "durable",
  "auto_delete",
  "exclusive",
  "arguments",
  "policy",
  "effective_policy_definition",
  "messages_ready",
  "messages_unacknowledged",
  "consumers",
  "message_stats.publish_details.rate",
  "message_stats.deliver_get_details.rate",
  "message_stats.ack_details.rate",
  "node",
  "leader",
  "members",
  "online",
] as const;

/**
 * Asks the management API for something a script can do without, such as a hint: `undefined`
 * when it refuses or does not answer within `timeoutMs`.
 *
 * @example
 * ```ts
 * const names = await askManagement(endpoint, async (api) => (await api.queues()).map((q) => q.name));
 * ```
 */
export async function askManagement<T>(
  endpoint: ManagementEndpoint,
  ask: (api: ManagementClient) => Promise<T>,
  timeoutMs = 2_000,
): Promise<T | undefined> {
  const api = new ManagementClient(endpoint);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      ask(api).catch(() => undefined),
      new Promise<undefined>((
        resolve,
      ) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
