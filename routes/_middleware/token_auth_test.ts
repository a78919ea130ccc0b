import assert from "node:assert/strict";
import { Hono } from "hono";
import { RateLimit } from "./rate_limit.ts";
import { forPrograms, requireToken, sameSecret, SESSION_COOKIE, Sessions } from "./token_auth.ts";

const TOKEN = "a-token-of-at-least-16-chars";

/** An app behind the token with a page, an API call and the scrape address. */
function app(sessions = new Sessions()): Hono {
  const app = new Hono();
  app.use(requireToken({ token: TOKEN, sessions, failures: new RateLimit({ limit: 5 }) }));
  for (const path of ["/", "/api/overview", "/metrics"]) app.get(path, (c) => c.text("in"));
  return app;
}

Deno.test("forPrograms: the API and /metrics answer with a status, pages do not", () => {
  assert.ok(forPrograms("/api/overview"));
  assert.ok(forPrograms("/metrics"));
  for (const path of ["/", "/queues/metrics", "/metrics/x", "/apix"]) {
    assert.ok(!forPrograms(path), path);
  }
});

Deno.test("requireToken: /metrics and the API get 401 with a bearer challenge, pages the login form", async () => {
  const server = app();
  for (const path of ["/metrics", "/api/overview"]) {
    for (const headers of [{}, { authorization: "Bearer not-the-token" }] as HeadersInit[]) {
      const response = await server.request(path, { headers });
      assert.equal(response.status, 401, `${path} ${JSON.stringify(headers)}`);
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer\b/);
      assert.match((await response.json()).error, /needs its token/);
    }
  }
  const page = await server.request("/");
  assert.equal(page.status, 302);
  assert.equal(page.headers.get("location"), "/login");
});

Deno.test("requireToken: the bearer token or a session lets in, /metrics included", async () => {
  const sessions = new Sessions();
  const server = app(sessions);
  for (const path of ["/metrics", "/api/overview", "/"]) {
    const bearer = await server.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(bearer.status, 200, path);
    assert.equal(await bearer.text(), "in");
    const cookie = await server.request(path, {
      headers: { cookie: `${SESSION_COOKIE}=${sessions.open()}` },
    });
    assert.equal(cookie.status, 200, path);
    await cookie.body?.cancel();
  }
});

Deno.test("sameSecret compares whole strings", () => {
  assert.ok(sameSecret(TOKEN, TOKEN));
  assert.ok(!sameSecret(TOKEN, `${TOKEN}x`));
  assert.ok(!sameSecret(TOKEN, TOKEN.replace("a", "b")));
  assert.ok(!sameSecret("", TOKEN));
});
