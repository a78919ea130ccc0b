/**
 * A monitor started with a token: nothing without it, pages through a login form (cookie),
 * scripts through a bearer header; and it may not listen beyond this machine without one.
 */
import assert from "node:assert/strict";
import { UserError } from "../lib/errors.ts";
import { parseMonitorFlags } from "../scripts/monitor.ts";
import { launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";

Deno.test("listening beyond this machine needs --token", () => {
  assert.throws(
    () => parseMonitorFlags(["--host", "0.0.0.0"]),
    (e) => e instanceof UserError && /--token/.test(e.message),
  );
  const token = "a-token-of-16-chars";
  assert.equal(parseMonitorFlags(["--host", "0.0.0.0", "--token", token]).token, token);
  assert.equal(parseMonitorFlags([]).host, "127.0.0.1");
});

Deno.test("an empty or short --token is refused, naming the flag and the length", () => {
  for (const token of ["", "t", "fifteen-chars15"]) {
    assert.throws(
      () => parseMonitorFlags(["--token", token]),
      (e) =>
        e instanceof UserError && /--token .*at least 16 characters \(got \d+\)/.test(e.message),
      JSON.stringify(token),
    );
  }
});

Deno.test("with a token: 401 or the login page without it; bearer and cookie let in", async () => {
  const token = `tok-${crypto.randomUUID()}`;
  const monitor = await startTestMonitor({ token });
  try {
    const api = await fetch(`${monitor.url}/api/overview`);
    assert.equal(api.status, 401);
    assert.match(api.headers.get("www-authenticate") ?? "", /^Bearer\b/);
    await api.body?.cancel();
    for (
      const path of [
        "/",
        "/connections",
        "/static/islands.js",
        "/api/stream",
        "/api/feed?exchange=amq.direct",
        "/metrics",
      ]
    ) {
      const response = await fetch(`${monitor.url}${path}`, { redirect: "manual" });
      assert.ok([302, 401].includes(response.status), `${path}: ${response.status}`);
      await response.body?.cancel();
    }
    const page = await fetch(`${monitor.url}/`, { redirect: "manual" });
    assert.equal(page.headers.get("location"), "/login");
    await page.body?.cancel();

    const bearer = await fetch(`${monitor.url}/api/overview`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(bearer.status, 200);
    assert.ok((await bearer.json()).totals);
    const wrong = await fetch(`${monitor.url}/api/overview`, {
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();

    const badLogin = await fetch(`${monitor.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ token: "nope" }),
    });
    assert.equal(badLogin.status, 401);
    assert.match(await badLogin.text(), /not right/);
    const login = await fetch(`${monitor.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ token }),
      redirect: "manual",
    });
    assert.equal(login.status, 303);
    const cookie = login.headers.get("set-cookie") ?? "";
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.match(cookie, /Max-Age=\d+/i, "a session that ends");
    assert.ok(!cookie.includes(token), "the cookie is a session id, never the token");
    await login.body?.cancel();
    const withCookie = await fetch(`${monitor.url}/`, {
      headers: { cookie: cookie.split(";")[0] },
    });
    assert.equal(withCookie.status, 200);
    await withCookie.body?.cancel();
    const stream = await readEvents(`${monitor.url}/api/stream`, (events) => events.length >= 1)
      .catch((e) => e);
    assert.ok(stream instanceof Error, "the stream needs the token too");

    // Signing out ends the session: the same cookie no longer lets in.
    const logout = await fetch(`${monitor.url}/logout`, {
      method: "POST",
      headers: { cookie: cookie.split(";")[0] },
      redirect: "manual",
    });
    assert.equal(logout.status, 303);
    await logout.body?.cancel();
    const afterLogout = await fetch(`${monitor.url}/api/overview`, {
      headers: { cookie: cookie.split(";")[0] },
    });
    assert.equal(afterLogout.status, 401);
    await afterLogout.body?.cancel();
  } finally {
    await monitor.close();
  }
});

Deno.test("in Chromium: the login form, then the live overview", async () => {
  const token = `tok-${crypto.randomUUID()}`;
  const monitor = await startTestMonitor({ token });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${monitor.url}/`);
    assert.match(page.url(), /\/login$/);
    await page.fill("input[name=token]", token);
    await page.click("button[type=submit]");
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    assert.match(page.url(), /\/$/);
  } finally {
    await browser.close();
    await monitor.close();
  }
});

Deno.test("wrong tokens are slowed down: after 5 in a minute even the right one gets 429", async () => {
  const token = `tok-${crypto.randomUUID()}`;
  const monitor = await startTestMonitor({ token });
  try {
    const bearer = (value: string) =>
      fetch(`${monitor.url}/api/overview`, { headers: { authorization: `Bearer ${value}` } });
    for (let i = 0; i < 3; i++) {
      const wrong = await bearer(`guess-${i}`);
      assert.equal(wrong.status, 401);
      await wrong.body?.cancel();
    }
    for (let i = 0; i < 2; i++) {
      const form = await fetch(`${monitor.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ token: `guess-form-${i}` }),
      });
      assert.equal(form.status, 401);
      await form.body?.cancel();
    }
    const right = await bearer(token);
    assert.equal(right.status, 429, "five failures: this client waits");
    assert.ok(Number(right.headers.get("retry-after")) > 0);
    assert.match((await right.json()).error, /too many wrong tokens/);
    const login = await fetch(`${monitor.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ token }),
      redirect: "manual",
    });
    assert.equal(login.status, 429, "the login form too");
    await login.body?.cancel();
  } finally {
    await monitor.close();
  }
});
