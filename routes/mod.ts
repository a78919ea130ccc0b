/**
 * The monitor's routes, registered on a Hono app the way Fresh's manifest would: two tables,
 * the pages (`routes/*.tsx`, each a default export taking a {@linkcode PageRequest}) and the API
 * (`routes/api/*.ts`), then the bundle and the stylesheet. A new page is a file and a line here.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { VNode } from "preact";
import { HttpError } from "../lib/errors.ts";
import { messageOf } from "../lib/_util/mod.ts";
import { loadStylesheet, renderPage } from "../lib/web/mod.ts";
import { bundleUrl, type MonitorContext, type PageRequest } from "./_context.ts";
import { vhostSelect, type VhostVariables } from "./_middleware/vhost_select.ts";
import { hostAllowList } from "./_middleware/host_allow_list.ts";
import { sameOrigin } from "./_middleware/same_origin.ts";
import {
  MAX_DEFINITIONS_BYTES,
  MAX_REQUEST_BYTES,
  requestBodyLimit,
} from "./_middleware/body_limit.ts";
import { requireToken, Sessions } from "./_middleware/token_auth.ts";
import NotFoundPage from "./_404.tsx";
import OverviewPage from "./index.tsx";
import ConnectionsPage from "./connections.tsx";
import ExchangesPage from "./exchanges.tsx";
import ExchangePage from "./exchanges/[name].tsx";
import QueuePage from "./queues/[name].tsx";
import AllQueuesPage from "./queues/index.tsx";
import VhostsPage from "./vhosts.tsx";
import BrokerPage from "./broker.tsx";
import ActionsPage from "./actions.tsx";
import PoliciesPage from "./policies.tsx";
import DefinitionsPage from "./definitions.tsx";
import * as login from "./login.tsx";
import * as vhost from "./vhost.ts";
import * as exchanges from "./api/exchanges.ts";
import * as feed from "./api/feed.ts";
import * as history from "./api/history.ts";
import * as metrics from "./api/metrics.ts";
import * as overview from "./api/overview.ts";
import * as publish from "./api/publish.ts";
import * as queueActions from "./api/queue_actions.ts";
import * as queueConsume from "./api/queue_consume.ts";
import * as queueMessages from "./api/queue_messages.ts";
import * as queues from "./api/queues.ts";
import * as stream from "./api/stream.ts";
import * as actions from "./api/actions.ts";
import * as bindings from "./api/bindings.ts";
import * as connectionActions from "./api/connection_actions.ts";
import * as exchangeActions from "./api/exchange_actions.ts";
import * as queueDeclare from "./api/queue_declare.ts";
import * as queueRedrive from "./api/queue_redrive.ts";
import * as queueGet from "./api/queue_get.ts";
import * as policies from "./api/policies.ts";
import * as definitions from "./api/definitions.ts";
import { actionLog } from "./_middleware/action_log.ts";

const STYLE = await loadStylesheet();

/**
 * Builds the monitor's HTTP app.
 *
 * @example
 * ```ts
 * Deno.serve({ port: 8000 }, createApp(ctx).fetch);
 * ```
 */
export function createApp(root: MonitorContext): Hono<{ Variables: VhostVariables }> {
  const app = new Hono<{ Variables: VhostVariables }>();
  app.use(secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
    // Same-origin requests keep their Origin (form posts get "null" under no-referrer).
    referrerPolicy: "same-origin",
  }));

  // First of all: a request that names another host is a rebinding attempt, token or not.
  app.use(hostAllowList(root.allowedHosts, root.advice.allowHost));
  // Before any route (the sign-in form included) reads a body.
  app.use(requestBodyLimit({
    maxBytes: MAX_REQUEST_BYTES,
    // A definitions file may be megabytes; that route also needs --allow definitions.
    largerFor: [{ method: "POST", path: "/api/definitions", maxBytes: MAX_DEFINITIONS_BYTES }],
  }));
  const sameSite = sameOrigin(root.allowedHosts);
  if (root.token) {
    const auth = {
      token: root.token,
      sessions: new Sessions(),
      failures: root.limits.failedLogins,
    };
    app.use(requireToken(auth));
    app.get("/login", (c) => login.GET(c));
    app.post("/login", sameSite, (c) => login.POST(c, auth));
    app.post("/logout", sameSite, (c) => login.LOGOUT(c, auth));
  }

  // Every later route works in the request's virtual host: c.get("ctx").
  app.use(vhostSelect(root.vhosts));
  app.post("/vhost", sameSite, (c) => vhost.POST(c, root.vhosts));
  addPages(app, root);
  addApi(app, sameSite, root);
  addStatic(app, root);
  app.onError((error, c) =>
    error instanceof HttpError
      ? c.json({ error: error.message }, error.status as ContentfulStatusCode)
      : c.json({ error: messageOf(error) }, 500)
  );
  return app;
}

type App = Hono<{ Variables: VhostVariables }>;

/** A page: a Preact tree for the request's virtual host (see {@linkcode PageRequest}). */
type Page = (request: PageRequest) => Promise<VNode>;

/** An API handler, given the request and the sources of its virtual host. */
type Handler = (c: Context, ctx: MonitorContext) => Response | Promise<Response>;

/**
 * One API route; `sameOrigin` ones write or take messages, so other sites' pages are refused,
 * and each request to them goes on the action record (refused ones too).
 */
interface ApiRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  handler: Handler;
  sameOrigin?: true;
}

/** The pages by address, as Fresh's file routes name them. */
const PAGES: Record<string, Page> = {
  "/": OverviewPage,
  "/broker": BrokerPage,
  "/connections": ConnectionsPage,
  "/exchanges": ExchangesPage,
  "/exchanges/:name": ExchangePage,
  "/queues": AllQueuesPage,
  "/queues/:name": QueuePage,
  "/vhosts": VhostsPage,
  "/policies": PoliciesPage,
  "/definitions": DefinitionsPage,
  "/actions": ActionsPage,
};

/** The API and the scrape address. */
const API: ApiRoute[] = [
  { method: "GET", path: "/api/overview", handler: overview.GET },
  { method: "GET", path: "/metrics", handler: metrics.GET },
  { method: "GET", path: "/api/queues", handler: queues.GET },
  { method: "GET", path: "/api/exchanges", handler: exchanges.GET },
  { method: "GET", path: "/api/history", handler: history.GET },
  { method: "GET", path: "/api/stream", handler: stream.GET },
  { method: "GET", path: "/api/feed", handler: feed.GET },
  { method: "POST", path: "/api/publish", handler: publish.POST, sameOrigin: true },
  // The tutorials' publish service, with and without the trailing slash they use.
  { method: "POST", path: "/publish", handler: publish.POST_MESSAGE, sameOrigin: true },
  { method: "POST", path: "/publish/", handler: publish.POST_MESSAGE, sameOrigin: true },
  // Reading hands the messages back marked redelivered: not for pages of other sites either.
  {
    method: "GET",
    path: "/api/queues/:name/messages",
    handler: queueMessages.GET,
    sameOrigin: true,
  },
  {
    method: "POST",
    path: "/api/queues/:name/consume",
    handler: queueConsume.POST,
    sameOrigin: true,
  },
  {
    method: "POST",
    path: "/api/queues/:name/purge",
    handler: queueActions.PURGE,
    sameOrigin: true,
  },
  { method: "POST", path: "/api/queues/:name/move", handler: queueActions.MOVE, sameOrigin: true },
  { method: "DELETE", path: "/api/queues/:name", handler: queueActions.DELETE, sameOrigin: true },
  { method: "POST", path: "/api/queues/:name/get", handler: queueGet.POST, sameOrigin: true },
  {
    method: "POST",
    path: "/api/queues/:name/redrive",
    handler: queueRedrive.POST,
    sameOrigin: true,
  },
  // Actions on the broker itself: each needs its kind in --allow.
  { method: "GET", path: "/api/actions", handler: actions.GET },
  { method: "POST", path: "/api/bindings", handler: bindings.POST, sameOrigin: true },
  { method: "DELETE", path: "/api/bindings", handler: bindings.DELETE, sameOrigin: true },
  { method: "PUT", path: "/api/queues/:name", handler: queueDeclare.PUT, sameOrigin: true },
  { method: "PUT", path: "/api/exchanges/:name", handler: exchangeActions.PUT, sameOrigin: true },
  {
    method: "DELETE",
    path: "/api/exchanges/:name",
    handler: exchangeActions.DELETE,
    sameOrigin: true,
  },
  {
    method: "DELETE",
    path: "/api/connections/:name",
    handler: connectionActions.DELETE,
    sameOrigin: true,
  },
  { method: "GET", path: "/api/policies", handler: policies.GET },
  { method: "GET", path: "/api/policies/preview", handler: policies.PREVIEW },
  { method: "PUT", path: "/api/policies/:name", handler: policies.PUT, sameOrigin: true },
  { method: "DELETE", path: "/api/policies/:name", handler: policies.DELETE, sameOrigin: true },
  { method: "GET", path: "/api/definitions", handler: definitions.GET },
  { method: "POST", path: "/api/definitions", handler: definitions.POST, sameOrigin: true },
];

/** Renders each page in the request's vhost; its HttpError is the 404 page or a 400 line. */
function addPages(app: App, root: MonitorContext): void {
  const notFound = async (c: Context, ctx: MonitorContext, why: string) =>
    c.html(renderPage(await NotFoundPage(ctx, why), bundleUrl(ctx)), 404);
  for (const [path, page] of Object.entries(PAGES)) {
    app.get(path, async (c) => {
      const ctx = c.get("ctx");
      try {
        const tree = await page({ ctx, params: c.req.param(), query: c.req.query() });
        return c.html(renderPage(tree, bundleUrl(ctx)));
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        if (error.status === 404) return await notFound(c, ctx, error.message);
        return c.text(error.message, error.status as ContentfulStatusCode);
      }
    });
  }
  app.notFound(async (c) => {
    if (c.req.path.startsWith("/api/")) return c.json({ error: "no such API" }, 404);
    return await notFound(c, c.get("ctx") ?? root, "There is no page at this address.");
  });
}

/** The API handlers, each in the request's vhost. */
function addApi(app: App, sameSite: MiddlewareHandler, root: MonitorContext): void {
  for (const { method, path, handler, sameOrigin } of API) {
    const handle = (c: Context<{ Variables: VhostVariables }>) => handler(c, c.get("ctx"));
    const record = actionLog({ record: root.actions, route: path, signedIn: !!root.token });
    if (sameOrigin) app.on(method, path, record, sameSite, handle);
    else app.on(method, path, handle);
  }
}

/** The island bundle (cached for ever: its address carries its hash) and the stylesheet. */
function addStatic(app: App, root: MonitorContext): void {
  app.get("/static/islands.js", (c) => {
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("cache-control", "public, max-age=31536000, immutable");
    return c.body(root.bundle.js);
  });
  app.get("/static/style.css", (c) => {
    c.header("content-type", "text/css; charset=utf-8");
    return c.body(STYLE);
  });
}
