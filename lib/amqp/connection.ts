/**
 * Opening an AMQP connection the way every script wants it: retried with backoff while no
 * broker answers, failing at once (with an explanation) when the broker answers "no".
 */
import type { AMQPClient } from "../deps.ts";
import { type ErrorHints, explainBrokerError } from "./broker_errors.ts";
import type { AmqpEndpoint } from "../config.ts";
import { UserError } from "../errors.ts";
import { tlsHandshakeProblem, type TlsHints, tlsProblem } from "../tls_problem.ts";
import { FrameReadError, REQUESTED_FRAME_MAX, SafeAmqpClient } from "./safe_amqp_client.ts";
import { messageOf, sleep } from "../_util/mod.ts";
import { httpPortProblem } from "./http_port.ts";

/** Options for {@linkcode connect}. */
export interface ConnectOptions {
  /** Brokers to try, in order: one, or the nodes of a cluster. */
  endpoints: readonly AmqpEndpoint[];
  /** Index in `endpoints` to try first (after a loss: the node after the one that went away). */
  startAt?: number;
  /** Connection name shown in the management UI. */
  name: string;
  /** Keep retrying while no broker answers this long (ms) before giving up. */
  connectTimeoutMs: number;
  /** Largest frame we send, in bytes (default {@linkcode REQUESTED_FRAME_MAX}). */
  frameMax?: number;
  /** Heartbeat interval in seconds (0 turns heartbeats off). */
  heartbeatSeconds?: number;
  /**
   * Told that no broker answered and it keeps trying: after the first failed round, then at
   * most every 5 s (a broker that is down for 30 s is a few lines, not dozens), with the number
   * of attempts so far.
   */
  onRetry?: (message: string, attempts: number) => void;
  /** The caller's words for what to change when it cannot connect (see {@linkcode ConnectHints}). */
  hints?: ConnectHints;
  /** Stops trying (before the next round) once aborted; the reason is thrown. */
  signal?: AbortSignal;
}

/** How the caller's user fixes a connection that fails; absent parts are said plainly. */
export interface ConnectHints extends ErrorHints, TlsHints {
  /** What sets the timeout that ran out: "--connect-timeout". */
  timeout?: string;
  /** What to do when no broker answers: "Start RabbitMQ (deno task start does it for you)…". */
  noBroker?: string;
}

/** An open connection and the broker it went to. */
export interface Connection {
  /** The open connection. */
  client: SafeAmqpClient;
  /** Index of the endpoint that answered. */
  index: number;
  /** The node it is connected to. */
  endpoint: AmqpEndpoint;
}

/** How often, at most, a broker that keeps not answering is reported. */
const RETRY_REPORT_MS = 5_000;

/** Deno refused the connection itself: the script runs without net permission. */
const NOT_PERMITTED = /getaddrinfo EPERM|Requires net access|NotCapable/;

/** Refusals that no amount of retrying will change. */
const FINAL_REFUSAL = /ACCESS_REFUSED|NOT_ALLOWED|ENOTFOUND|EAI_AGAIN/;

async function attempt(endpoint: AmqpEndpoint, options: ConnectOptions): Promise<SafeAmqpClient> {
  // The credentials go into the client's URL here only: amqp-client reads them from it.
  const url = new URL(endpoint.url);
  url.username = encodeURIComponent(endpoint.username);
  url.password = encodeURIComponent(endpoint.password);
  url.searchParams.set("name", options.name);
  // Heartbeats every 10 s: a dead peer is noticed in seconds, not at the TCP timeout.
  url.searchParams.set("heartbeat", String(options.heartbeatSeconds ?? 10));
  // The broker's usual frame size instead of the client's 8 KB, so copies of messages with
  // large headers can be published. (Frames we receive are read whatever their size.)
  url.searchParams.set("frameMax", String(options.frameMax ?? REQUESTED_FRAME_MAX));
  // pfx and passphrase said to be absent: some resolutions of node:tls's types require them.
  const tls = endpoint.tls;
  const client = new SafeAmqpClient(
    url.href,
    tls && { ca: tls.caCerts, cert: tls.cert, key: tls.key, pfx: undefined, passphrase: undefined },
  );
  // The library logs nothing by default; keep it from surfacing errors we handle ourselves.
  client.onerror = () => {};
  await client.connect();
  return client;
}

/**
 * Connects to the first endpoint that answers, starting at `startAt` and going round the list;
 * after each round where none answered it waits (0.1 s doubling to 2 s, with jitter) and tries
 * again, until `connectTimeoutMs`. Throws a {@linkcode UserError} that says what went wrong and
 * what to do; a refusal (wrong credentials, unknown vhost) ends at once.
 *
 * @example
 * ```ts
 * const { client } = await connect({ endpoints: [parseAmqpUrl(DEFAULT_AMQP_URL)],
 *   name: "demo", connectTimeoutMs: 10_000 });
 * await client.close();
 * ```
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { endpoints, connectTimeoutMs } = options;
  const hints = options.hints ?? {};
  if (endpoints.length === 0) {
    throw new UserError(`no broker URL was given${hints.url ? ` (${hints.url})` : ""}`);
  }
  const deadline = Date.now() + connectTimeoutMs;
  const first = (options.startAt ?? 0) % endpoints.length;
  let delay = 100;
  let toldAt = -Infinity;
  const askedHttp = new Set<number>();
  for (let round = 1;; round++) {
    options.signal?.throwIfAborted();
    const failures: string[] = [];
    for (let i = 0; i < endpoints.length; i++) {
      const index = (first + i) % endpoints.length;
      const endpoint = endpoints[index];
      try {
        return { client: await attempt(endpoint, options), index, endpoint };
      } catch (error) {
        const message = explainBrokerError(error, { endpoint: endpoint.display, hints });
        const text = messageOf(error);
        if (NOT_PERMITTED.test(text)) {
          // Deno without --allow-net: no retry can help, and the runtime's error says it best.
          throw new Deno.errors.NotCapable(
            `Requires net access to ${endpoint.display}, run again with the --allow-net flag`,
          );
        }
        if (FINAL_REFUSAL.test(text)) throw new UserError(message, { cause: error });
        // A certificate fault does not mend itself: say which, once, instead of retrying.
        const tls = await certificateProblem(endpoint, text, hints);
        if (tls) throw new UserError(tls, { cause: error });
        // A port that speaks HTTP (the management API's) will not start speaking AMQP either.
        // Asked once per endpoint: a broker that restarts is not a web server.
        const ask = !askedHttp.has(index) && !/ECONNREFUSED|refused/i.test(text);
        if (ask) askedHttp.add(index);
        const http = ask ? await httpPortProblem(endpoint) : undefined;
        if (http) throw new UserError(http, { cause: error });
        failures.push(message);
      }
    }
    const message = failures.join(" ");
    if (deadline - Date.now() <= 0) {
      throw new UserError(
        `${message} Gave up after ${round} attempts in ${Math.round(connectTimeoutMs / 1000)}s ` +
          `(${hints.timeout ?? "the connect timeout"}). ` +
          (hints.noBroker ?? "Start RabbitMQ, or connect to one that runs."),
      );
    }
    if (Date.now() - toldAt >= RETRY_REPORT_MS) {
      toldAt = Date.now();
      options.onRetry?.(message, round);
    }
    // The next attempt comes no later than the next report is due, so a report is never late.
    const now = Date.now();
    const jittered = delay * (0.8 + Math.random() * 0.4);
    await sleep(Math.min(jittered, deadline - now, toldAt + RETRY_REPORT_MS - now));
    delay = Math.min(delay * 2, 2000);
  }
}

/**
 * For an amqps endpoint whose connection failed other than by refusal: the certificate fault,
 * if that is what it was. Deno's node:tls names few ("unable to verify the first certificate"
 * for most), so a handshake of our own asks; when that one succeeds, node:tls's own words are
 * the fault, if they name one.
 */
async function certificateProblem(
  endpoint: AmqpEndpoint,
  failure: string,
  hints: ConnectHints,
): Promise<string | undefined> {
  if (!endpoint.url.startsWith("amqps:") || /ECONNREFUSED|refused/i.test(failure)) return undefined;
  return await tlsHandshakeProblem(endpoint.host, endpoint.port, endpoint.tls, hints) ??
    tlsProblem(failure, `${endpoint.host}:${endpoint.port}`, hints);
}

/**
 * Whether a failure means the connection went away (worth a reconnect), rather than the broker
 * refusing one channel's work (a closed channel on a live connection).
 *
 * @example
 * ```ts
 * isConnectionLoss(new Error("Socket closed"), conn); // true
 * ```
 */
export function isConnectionLoss(reason: unknown, connection: AMQPClient): boolean {
  if (connection.closed) return true;
  const text = messageOf(reason);
  return reason instanceof FrameReadError ||
    /^connection closed|Socket closed|Connection ended|ended by the other party|ECONNRESET|EPIPE|Heartbeat timeout|could not read what the broker sent|write after a stream was destroyed|ERR_STREAM_DESTROYED/i
      .test(text);
}
