/**
 * The monitor's routes, registered on a Hono app the way Fresh's manifest would: pages from
 * `routes/*.tsx`, API handlers from `routes/api/*.ts`, the bundle and the stylesheet.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { VNode } from "preact";
import { nameProblem } from "./_requests/resource_name.ts";
import { inspectQueue } from "../lib/amqp/mod.ts";
import { fullStatistics } from "../lib/shared/mod.ts";
import { loadStylesheet, renderPage } from "../lib/web/mod.ts";
import * as feed from "./api/feed.ts";
import * as metrics from "./api/metrics.ts";
import * as overview from "./api/overview.ts";
import * as publish from "./api/publish.ts";
import * as queueActions from "./api/queue_actions.ts";
import * as queueConsume from "./api/queue_consume.ts";
import * as queueMessages from "./api/queue_messages.ts";
import * as queues from "./api/queues.ts";
import * as stream from "./api/stream.ts";
import ConnectionsPage from "./connections.tsx";
import ExchangesPage from "./exchanges.tsx";
import ExchangePage from "./exchanges/[name].tsx";
import * as exchanges from "./api/exchanges.ts";
import { bundleUrl, type MonitorContext } from "./_context.ts";
import * as login from "./login.tsx";
import * as vhost from "./vhost.ts";
import { vhostSelect, type VhostVariables } from "./_middleware/vhost_select.ts";
import { hostAllowList } from "./_middleware/host_allow_list.ts";
import { sameOrigin } from "./_middleware/same_origin.ts";
import { MAX_REQUEST_BYTES, requestBodyLimit } from "./_middleware/body_limit.ts";
import { requireToken, Sessions } from "./_middleware/token_auth.ts";
import OverviewPage from "./index.tsx";
import NotFoundPage from "./_404.tsx";
import QueuePage from "./queues/[name].tsx";
import { messageOf } from "../lib/_util/mod.ts";

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
  app.use(requestBodyLimit({ maxBytes: MAX_REQUEST_BYTES }));
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
  addApi(app, sameSite);
  addStatic(app, root);
  app.onError((error, c) => c.json({ error: messageOf(error) }, 500));
  return app;
}

type App = Hono<{ Variables: VhostVariables }>;

/** Whether a passive declare finds the queue (false when AMQP cannot say either). */
async function existsOverAmqp(ctx: MonitorContext, queue: string): Promise<boolean> {
  try {
    return (await inspectQueue(await ctx.link.connection(), queue)) !== undefined;
  } catch {
    return false;
  }
}

/** The pages, each rendered in the request's vhost; a missing queue or exchange is a 404 page. */
function addPages(app: App, root: MonitorContext): void {
  const page =
    (render: (ctx: MonitorContext, c: Context) => Promise<VNode>) =>
    async (c: Context<{ Variables: VhostVariables }>) =>
      c.html(renderPage(await render(c.get("ctx"), c), bundleUrl(root)));
  const notFound = async (c: Context, ctx: MonitorContext, why: string) =>
    c.html(renderPage(await NotFoundPage(ctx, why), bundleUrl(ctx)), 404);

  app.get("/", page((ctx, c) => OverviewPage(ctx, c.req.query())));
  app.get("/connections", page((ctx) => ConnectionsPage(ctx)));
  app.get("/exchanges", page((ctx) => ExchangesPage(ctx)));
  app.get("/exchanges/:name", async (c) => {
    const ctx = c.get("ctx");
    const name = c.req.param("name");
    const problem = nameProblem("exchange", name);
    if (problem) return c.text(problem, 400);
    const exchange = await ExchangePage(ctx, name).catch(() => null);
    if (exchange) return c.html(renderPage(exchange, bundleUrl(ctx)));
    return await notFound(
      c,
      ctx,
      exchange === null
        ? "The management API does not answer, so exchanges cannot be shown."
        : `No exchange named '${name}'.`,
    );
  });
  app.get("/queues/:name", async (c) => {
    const ctx = c.get("ctx");
    const name = c.req.param("name");
    const problem = nameProblem("queue", name);
    if (problem) return c.text(problem, 400);
    const snapshot = await ctx.poller.view({ queues: "one", name });
    const listed = snapshot.queues.some((q) => q.name === name) ||
      await ctx.management.queue(name).catch(() => undefined);
    // The management API away: AMQP still tells whether it exists (and, from now on, its depth).
    const learned = !listed && !fullStatistics(snapshot) && await existsOverAmqp(ctx, name);
    if (!listed && !learned) return await notFound(c, ctx, `No queue named '${name}'.`);
    if (learned) ctx.poller.watch(name);
    return c.html(renderPage(await QueuePage(ctx, name), bundleUrl(ctx)));
  });
  app.notFound(async (c) => {
    if (c.req.path.startsWith("/api/")) return c.json({ error: "no such API" }, 404);
    return await notFound(c, c.get("ctx") ?? root, "There is no page at this address.");
  });
}

/** The API handlers; every write also passes the same-origin check. */
function addApi(app: App, sameSite: MiddlewareHandler): void {
  app.get("/api/overview", (c) => overview.GET(c, c.get("ctx")));
  app.get("/metrics", (c) => metrics.GET(c, c.get("ctx")));
  app.get("/api/queues", (c) => queues.GET(c, c.get("ctx")));
  app.get("/api/exchanges", (c) => exchanges.GET(c, c.get("ctx")));
  app.get("/api/stream", (c) => stream.GET(c, c.get("ctx")));
  app.get("/api/feed", (c) => feed.GET(c, c.get("ctx")));
  app.post("/api/publish", sameSite, (c) => publish.POST(c, c.get("ctx")));
  // The tutorials' publish service, with and without the trailing slash they use.
  for (const path of ["/publish", "/publish/"]) {
    app.post(path, sameSite, (c) => publish.POST_MESSAGE(c, c.get("ctx")));
  }
  // Reading hands the messages back marked redelivered: not for pages of other sites either.
  app.get("/api/queues/:name/messages", sameSite, (c) => queueMessages.GET(c, c.get("ctx")));
  app.post("/api/queues/:name/consume", sameSite, (c) => queueConsume.POST(c, c.get("ctx")));
  app.post("/api/queues/:name/purge", sameSite, (c) => queueActions.PURGE(c, c.get("ctx")));
  app.post("/api/queues/:name/move", sameSite, (c) => queueActions.MOVE(c, c.get("ctx")));
  app.delete("/api/queues/:name", sameSite, (c) => queueActions.DELETE(c, c.get("ctx")));
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
