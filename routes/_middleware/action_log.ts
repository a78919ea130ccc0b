/**
 * Records every write the monitor is asked for (done, refused or failed) in the monitor's
 * action record: who (the client's address, signed in or not), what, on which object, the
 * result. A handler names its action with {@linkcode describeAction}; otherwise the route and
 * its `:name` say it.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ActionRecord } from "../../lib/queue_actions/mod.ts";
import { clientOf, type MonitorContext } from "../_context.ts";

/** What handlers said about their request's action. */
const described = new WeakMap<Request, { action: string; object: string }>();

/**
 * Names the action a request asks for, for the record ("add binding", "exchange 'a' → queue
 * 'b'"); call it before answering.
 *
 * @example
 * ```ts
 * describeAction(c, "close connection", `connection '${name}'`);
 * ```
 */
export function describeAction(c: Context, action: string, object: string): void {
  described.set(c.req.raw, { action, object });
}

/** Options for {@linkcode actionLog}. */
export interface ActionLogOptions {
  record: ActionRecord;
  /** The route's path (`/api/queues/:name/purge`), for actions no handler described. */
  route: string;
  /** Whether a request that reached the handlers signed in with the token. */
  signedIn: boolean;
}

/**
 * Middleware: after the request is answered, adds it to the record.
 *
 * @example
 * ```ts
 * app.post("/api/bindings", actionLog({ record, route: "/api/bindings", signedIn }), sameSite, handler);
 * ```
 */
export function actionLog(options: ActionLogOptions): MiddlewareHandler {
  return async function recordAction(c, next) {
    await next();
    const ctx = c.get("ctx") as MonitorContext | undefined;
    const said = described.get(c.req.raw);
    const status = c.res.status;
    options.record.add({
      time: new Date().toISOString(),
      client: clientOf(c),
      signedIn: options.signedIn,
      vhost: ctx?.vhost ?? "",
      action: said?.action ?? `${c.req.method} ${options.route}`,
      object: said?.object ?? objectOf(options.route, c.req.param("name")),
      result: status < 400 ? "done" : status < 500 && status !== 409 ? "refused" : "failed",
      status,
      detail: status >= 400 ? await errorOf(c.res) : undefined,
    });
  };
}

/** "queue 'q'" for `/api/queues/:name…`; "" when the route names no object. */
function objectOf(route: string, name: string | undefined): string {
  if (name === undefined) return "";
  const kind = /^\/api\/(\w+?)(?:ies|s)?\//.exec(route)?.[1] ?? "object";
  return `${kind === "polic" ? "policy" : kind} '${name}'`;
}

/** The `error` of a JSON answer (read from a copy; the client still gets the whole answer). */
async function errorOf(response: Response): Promise<string | undefined> {
  if (!response.headers.get("content-type")?.includes("application/json")) return undefined;
  try {
    const body = await response.clone().json();
    return typeof body?.error === "string" ? body.error : undefined;
  } catch {
    return undefined;
  }
}
