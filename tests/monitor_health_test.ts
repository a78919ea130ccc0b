/**
 * `deno task monitor` says at the terminal, in one line, when its broker refuses it or cannot be
 * read: at start (a refused password ends it with exit 1, as `status` does) and when that
 * changes, not once per poll.
 */
import assert from "node:assert/strict";
import { AMQP_URL, eventually, MANAGEMENT_URL, runScript, spawnScript } from "./helpers.ts";

/** The shared broker's AMQP URL with another password. */
function withPassword(password: string): string {
  const url = new URL(AMQP_URL);
  url.password = password;
  return url.toString();
}

Deno.test("a monitor whose password the broker refuses exits 1 with one line on stderr", async () => {
  const run = await runScript("monitor", [
    "--url",
    withPassword("not-the-password"),
    "--management-url",
    MANAGEMENT_URL,
    "--port",
    "0",
  ], { AMQP_URL: "", MANAGEMENT_URL: "" });
  assert.equal(run.code, 1, `exit code; stderr: ${run.stderr}`);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got: ${run.stderr}`);
  assert.match(lines[0], /^monitor: .*refuses the monitor: .*refused user 'guest' \(401\)/);
  assert.doesNotMatch(run.stdout, /open http/, "it never says the page is ready");
});

Deno.test("a monitor of a vhost the broker does not have exits 1 naming the vhost", async () => {
  const url = new URL(AMQP_URL);
  url.pathname = "/no-such-vhost-" + crypto.randomUUID().slice(0, 8);
  const run = await runScript("monitor", [
    "--url",
    url.toString(),
    "--management-url",
    MANAGEMENT_URL,
    "--port",
    "0",
  ], { AMQP_URL: "", MANAGEMENT_URL: "" });
  assert.equal(run.code, 1, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.match(run.stderr, /no virtual host 'no-such-vhost-/);
});

/**
 * A stand-in for the management API that forwards to the real one, or answers 503 while
 * `down`: the API going away and coming back without touching the shared broker.
 */
function switchableManagement() {
  const state = { down: false };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    if (state.down) return new Response("maintenance", { status: 503 });
    const url = new URL(req.url);
    return fetch(`${MANAGEMENT_URL}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
    });
  });
  return { state, url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

Deno.test("a running monitor says once when the management API goes away, and once when it is back", async () => {
  const api = switchableManagement();
  const monitor = spawnScript("monitor", [
    "--management-url",
    api.url,
    "--port",
    "0",
    "--interval",
    "1",
  ]);
  const viewer = new AbortController();
  try {
    const url = await eventually(
      "the monitor's address",
      () => /open (http:\S+)/.exec(monitor.output().stdout)?.[1],
      30_000,
      () => JSON.stringify(monitor.output()),
    );
    assert.equal(monitor.output().stderr, "", "a healthy broker is not reported");
    // Someone watches, so the monitor keeps polling.
    const stream = await fetch(`${url}/api/stream?view=none`, { signal: viewer.signal });
    assert.equal(stream.status, 200);
    api.state.down = true;
    await eventually(
      "the line saying the management API is away",
      () => /management API unavailable/.test(monitor.output().stderr) || undefined,
      20_000,
      () => monitor.output().stderr,
    );
    // Several polls while it stays away: still one line.
    const polls = async () =>
      (await (await fetch(`${url}/metrics`)).text()).match(
        /rabbitmq_monitor_polls_total (\d+)/,
      )?.[1];
    const before = Number(await polls());
    await eventually(
      "three more polls",
      async () => Number(await polls()) >= before + 3 || undefined,
    );
    const away = monitor.output().stderr.trim().split("\n");
    assert.equal(away.length, 1, `one line while it stays away: ${away.join(" | ")}`);
    assert.match(away[0], /^monitor: .*management API unavailable: .*503/);
    api.state.down = false;
    await eventually(
      "the line saying it answers again",
      () => /answers again/.test(monitor.output().stderr) || undefined,
      20_000,
      () => monitor.output().stderr,
    );
    assert.equal(monitor.output().stderr.trim().split("\n").length, 2);
    await stream.body?.cancel();
  } finally {
    viewer.abort();
    monitor.kill("SIGTERM");
    await monitor.done;
    await api.close();
  }
});
