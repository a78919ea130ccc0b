/**
 * Attacks on the monitor performed the way an attacker would: DNS rebinding (a real Chromium
 * told that evil.example is 127.0.0.1, and raw HTTP with a foreign Host), and a management URL
 * holding a password while the API is down or refuses it (every page and stream scanned), and
 * bodies of hundreds of MB sent to every kind of route, the streams included, over raw TCP.
 */
import assert from "node:assert/strict";
import { parseAmqpUrls } from "../lib/config.ts";
import { DEFAULT_THRESHOLDS } from "../lib/shared/mod.ts";
import { type RunningMonitor, startMonitor } from "../routes/app.ts";
import { launchBrowser } from "./browser.ts";
import { freePortRange } from "../lib/local_broker/mod.ts";
import {
  AMQP_URL,
  eventually,
  management,
  spawnScript,
  uniqueName,
  withConnection,
} from "./helpers.ts";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";

/** Sends one raw HTTP/1.1 request and returns the status line's code and the whole answer. */
async function rawRequest(
  port: number,
  request: { method: string; path: string; host: string; body?: string },
): Promise<{ status: number; text: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const body = request.body ?? "";
    const head = [
      `${request.method} ${request.path} HTTP/1.1`,
      `Host: ${request.host}`,
      "Connection: close",
      ...(body ? ["Content-Type: application/json", `Content-Length: ${body.length}`] : []),
      "",
      "",
    ].join("\r\n");
    await conn.write(new TextEncoder().encode(head + body));
    let text = "";
    const buffer = new Uint8Array(16 * 1024);
    const decoder = new TextDecoder();
    // Enough to see the status and the start of the body; a stream would never end.
    while (!/\r\n\r\n[\s\S]{1,}/.test(text) && text.length < 64 * 1024) {
      const n = await conn.read(buffer);
      if (n === null) break;
      text += decoder.decode(buffer.subarray(0, n), { stream: true });
    }
    return { status: Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0), text };
  } finally {
    conn.close();
  }
}

const portOf = (monitor: RunningMonitor) => Number(new URL(monitor.url).port);

Deno.test("DNS rebinding over raw HTTP: a foreign Host is refused on every page and API, a known one answered", async () => {
  const monitor = await startTestMonitor();
  try {
    const port = portOf(monitor);
    const publish = JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "x" });
    for (
      const [method, path, body] of [
        ["GET", "/", undefined],
        ["GET", "/api/overview", undefined],
        ["GET", "/api/stream", undefined],
        ["GET", "/api/feed?exchange=amq.direct", undefined],
        ["POST", "/api/publish", publish],
      ] as const
    ) {
      for (
        const host of [`evil.example:${port}`, "evil.example", `127.0.0.1.evil.example:${port}`]
      ) {
        const answer = await rawRequest(port, { method, path, host, body });
        assert.equal(answer.status, 421, `${method} ${path} with Host ${host}: ${answer.text}`);
        assert.doesNotMatch(answer.text, /"queues"|published/);
      }
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const answer = await rawRequest(port, { method: "GET", path: "/api/overview", host });
      assert.equal(answer.status, 200, `Host ${host}: ${answer.text.slice(0, 300)}`);
    }
  } finally {
    await monitor.close();
  }
});

Deno.test("DNS rebinding in Chromium: a page of evil.example resolved to 127.0.0.1 reads and publishes nothing", async () => {
  const monitor = await startTestMonitor();
  const browser = await launchBrowser(["--host-resolver-rules=MAP evil.example 127.0.0.1"]);
  try {
    const port = portOf(monitor);
    const page = await browser.context.newPage();
    const response = await page.goto(`http://evil.example:${port}/`);
    assert.equal(response?.status(), 421, "the page itself is refused");
    // The attacker's script runs in that origin and calls the API as same-origin requests.
    const results = await page.evaluate(async () => {
      const read = await fetch("/api/overview");
      const publish = await fetch("/api/publish", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ exchange: "amq.direct", routing_key: "k", body: "rebound" }),
      });
      return { read: read.status, publish: publish.status, text: await read.text() };
    });
    assert.deepEqual([results.read, results.publish], [421, 421], results.text);
    assert.doesNotMatch(results.text, /"queues"/);
  } finally {
    await browser.close();
    await monitor.close();
  }
});

Deno.test("--allowed-host adds a name the monitor answers to", async () => {
  const monitor = await startMonitor({
    amqp: parseAmqpUrls(AMQP_URL),
    managementUrl: "http://127.0.0.1:15672",
    host: "127.0.0.1",
    port: 0,
    intervalSeconds: 1,
    thresholds: DEFAULT_THRESHOLDS,
    allowedHosts: ["monitor.test"],
  });
  try {
    const port = portOf(monitor);
    const named = await rawRequest(port, {
      method: "GET",
      path: "/api/overview",
      host: "monitor.test",
    });
    assert.equal(named.status, 200, named.text.slice(0, 300));
    const other = await rawRequest(port, {
      method: "GET",
      path: "/api/overview",
      host: "other.test",
    });
    assert.equal(other.status, 421);
  } finally {
    await monitor.close();
  }
});

Deno.test("a password in --management-url never reaches a page, the API or the stream, API down or refusing", async () => {
  const secret = `s3cret-${crypto.randomUUID().slice(0, 8)}`;
  const closedPort = (() => {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = l.addr;
    l.close();
    return port;
  })();
  for (
    const managementUrl of [
      `http://guest:${secret}@127.0.0.1:${closedPort}`, // nothing answers
      `http://guest:${secret}@127.0.0.1:15672`, // answers, refuses the password
    ]
  ) {
    const monitor = await startMonitor({
      amqp: parseAmqpUrls(AMQP_URL),
      managementUrl,
      host: "127.0.0.1",
      port: 0,
      intervalSeconds: 1,
      thresholds: DEFAULT_THRESHOLDS,
    });
    try {
      const events = await readEvents(`${monitor.url}/api/stream`, (e) => e.length >= 2, 20_000);
      const overview = await (await fetch(`${monitor.url}/api/overview`)).text();
      const page = await (await fetch(`${monitor.url}/`)).text();
      const seen = [overview, page, ...events.map((e) => e.data)].join("\n");
      assert.ok(events.length >= 2, `snapshots streamed: ${events.length}`);
      assert.match(overview, /management/i, "the problem is reported");
      assert.ok(!seen.includes(secret), `the password leaked with ${managementUrl}`);
    } finally {
      await monitor.close();
    }
  }
});

/** POSTs a publish request to the monitor. */
function publishVia(monitor: RunningMonitor, request: Record<string, unknown>): Promise<Response> {
  return fetch(`${monitor.url}/api/publish`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
}

Deno.test("not an open relay: publishing reaches only the exchanges in scope; --read-only refuses all", async () => {
  const monitor = await startTestMonitor();
  const readOnly = await startTestMonitor({ readOnly: true });
  try {
    for (const exchange of ["", "amq.topic", "amq.direct", "some.other.exchange"]) {
      const answer = await publishVia(monitor, { exchange, routing_key: "any.queue", body: "x" });
      const { error } = await answer.json();
      assert.equal(answer.status, 403, `${JSON.stringify(exchange)}: ${error}`);
      assert.match(error, /outside this monitor's write scope.*--publish-exchange/);
    }
    const own = await publishVia(monitor, {
      exchange: "direct.exchange",
      routing_key: "k",
      body: "x",
    });
    assert.notEqual(own.status, 403, "the toolkit's own exchange is in scope");
    await own.body?.cancel();
    const refused = await publishVia(readOnly, {
      exchange: "direct.exchange",
      routing_key: "k",
      body: "x",
    });
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).error, /read-only/);
  } finally {
    await monitor.close();
    await readOnly.close();
  }
});

Deno.test("one client may publish at most 10,000 messages a minute through the monitor", async () => {
  const monitor = await startTestMonitor({ publishExchanges: ["amq.direct"] });
  try {
    const batch = { exchange: "amq.direct", routing_key: "nowhere", body: "x", count: 1_000 };
    for (let i = 0; i < 10; i++) {
      const ok = await publishVia(monitor, batch);
      assert.equal(ok.status, 200, `batch ${i + 1}: ${await ok.clone().text()}`);
      await ok.body?.cancel();
    }
    const over = await publishVia(monitor, batch);
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get("retry-after")) > 0);
    assert.match((await over.json()).error, /at most 10000 messages/);
  } finally {
    await monitor.close();
  }
});

Deno.test("the feed taps only exchanges in scope and never the firehose; names that are not names get 400", async () => {
  const monitor = await startTestMonitor({ publishExchanges: ["amq.rabbitmq.trace"] });
  try {
    for (const exchange of ["amq.topic", "amq.rabbitmq.trace"]) {
      const answer = await fetch(`${monitor.url}/api/feed?exchange=${exchange}&routing_key=%23`);
      assert.equal(answer.status, 403, exchange);
      await answer.body?.cancel();
    }
    for (const query of ["queue=..", "queue=a%0Ab", "queue=a%00b", "exchange=.."]) {
      const answer = await fetch(`${monitor.url}/api/feed?${query}`);
      assert.equal(answer.status, 400, query);
      assert.match((await answer.json()).error, /is not a name/);
    }
    for (const name of ["a%0Ab", "%01", "..."]) {
      const page = await fetch(`${monitor.url}/queues/${name}`);
      assert.equal(page.status, 400, name);
      await page.body?.cancel();
    }
    const wide = await publishVia(monitor, {
      exchange: "direct.exchange",
      routing_key: "é".repeat(150), // 150 characters, 300 bytes
      body: "x",
    });
    assert.equal(wide.status, 422);
    assert.match((await wide.json()).error, /300 bytes in UTF-8; at most 255/);
  } finally {
    await monitor.close();
  }
});

/** A request with a body as an attacker sends it, its connection left open until closed. */
interface BodyAttack {
  /** The status the monitor answered (0: none before the writing ended). */
  status: number;
  /** Body bytes written before the last write ended. */
  sent: number;
  close(): void;
}

/** What {@linkcode sendBody} sends. */
interface BodyRequest {
  method: string;
  path: string;
  /** Body bytes to write at most. */
  totalBytes: number;
  /** Declared up front (Content-Length) or chunked (Transfer-Encoding). */
  framing: "length" | "chunked";
  /** Further header lines, such as a session cookie. */
  headers?: string[];
  /** Stop writing once the monitor answers (else write it all, as an attacker would). */
  stopAtAnswer?: boolean;
}

/**
 * Writes a body of up to `totalBytes`, 1 MiB at a time, until it is all out, the monitor closes
 * the connection or stops reading for 5 s (or answers, with `stopAtAnswer`); at most 30 s. The
 * connection stays open until the caller closes it.
 */
async function sendBody(port: number, request: BodyRequest): Promise<BodyAttack> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const chunked = request.framing === "chunked";
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    "Content-Type: application/json",
    chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${request.totalBytes}`,
    ...(request.headers ?? []),
    "",
    "",
  ].join("\r\n");
  let status = 0;
  const answer = (async () => {
    const buffer = new Uint8Array(4096);
    const n = await conn.read(buffer).catch(() => null);
    const text = n ? new TextDecoder().decode(buffer.subarray(0, n)) : "";
    status = Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
    return "answered" as const;
  })();
  const piece = 0x100000;
  const chunk = new TextEncoder().encode(
    chunked ? `100000\r\n${"x".repeat(piece)}\r\n` : "x".repeat(piece),
  );
  let sent = 0;
  const deadline = Date.now() + 30_000;
  try {
    await conn.write(new TextEncoder().encode(head));
    while (sent < request.totalBytes && Date.now() < deadline) {
      const bytes = chunked ? chunk : chunk.subarray(0, Math.min(piece, request.totalBytes - sent));
      // A server that stops reading stalls a write: every write races a stall (and the answer).
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<"stalled">((resolve) =>
        timer = setTimeout(() => resolve("stalled"), 5_000)
      );
      const step = await Promise.race([
        conn.write(bytes).then(() => "wrote" as const, () => "closed" as const),
        ...(request.stopAtAnswer ? [answer] : []),
        stalled,
      ]);
      clearTimeout(timer);
      if (step !== "wrote") break;
      sent += chunked ? piece : bytes.length;
    }
  } catch {
    // The monitor closed the connection after answering: what an early 413 looks like.
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([answer, new Promise((resolve) => timer = setTimeout(resolve, 5_000))]);
  clearTimeout(timer);
  return {
    status,
    sent,
    close: () => {
      try {
        conn.close();
      } catch {
        // Closed already.
      }
    },
  };
}

/** A process's resident memory in bytes, as the kernel counts it. */
async function rssOf(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(status.match(/^VmRSS:\s+(\d+) kB$/m)?.[1] ?? 0) * 1024;
}

/** Signs in at the monitor's form; the session cookie (name=value). */
async function signIn(url: string, token: string): Promise<string> {
  const login = await fetch(`${url}/login`, {
    method: "POST",
    body: new URLSearchParams({ token }),
    redirect: "manual",
  });
  await login.body?.cancel();
  assert.equal(login.status, 303, "signed in");
  return (login.headers.get("set-cookie") ?? "").split(";")[0];
}

Deno.test("a body of hundreds of MB is refused with 413 after the limit, on every route that reads one", async () => {
  const monitor = await startTestMonitor();
  try {
    const port = portOf(monitor);
    for (const path of ["/api/queues/any/move", "/api/publish", "/vhost"]) {
      const before = Deno.memoryUsage().rss;
      const streamed = await sendBody(port, {
        method: "POST",
        path,
        totalBytes: 300 * 1024 * 1024,
        framing: "chunked",
        stopAtAnswer: true,
      });
      streamed.close();
      const grown = Deno.memoryUsage().rss - before;
      assert.equal(streamed.status, 413, `${path}: answered ${streamed.status}`);
      assert.ok(streamed.sent < 64 * 1024 * 1024, `${path}: read ${streamed.sent} bytes first`);
      assert.ok(grown < 64 * 1024 * 1024, `${path}: memory grew ${grown} bytes`);
    }
    const declared = await fetch(`${monitor.url}/api/queues/any/purge`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(1024 * 1024),
    });
    assert.equal(declared.status, 413);
    assert.match((await declared.json()).error, /the request body is over \d+ bytes/);
  } finally {
    await monitor.close();
  }
});

Deno.test("bodies sent to the streams are refused before a stream starts: three 300 MB bodies leave the monitor under 200 MB, signed in or not", async () => {
  for (const token of [undefined, `tok-${crypto.randomUUID()}`]) {
    const port = freePortRange(1);
    const url = `http://127.0.0.1:${port}`;
    const monitor = spawnScript("monitor", [
      ...["--port", String(port), "--interval", "1"],
      ...(token ? ["--token", token] : []),
    ]);
    const attacks: BodyAttack[] = [];
    try {
      await eventually(
        "the monitor to listen",
        () => monitor.output().stdout.includes("monitor: open") || undefined,
        30_000,
        () => monitor.output().stderr,
      );
      const headers = token ? [`Cookie: ${await signIn(url, token)}`] : [];
      const before = await rssOf(monitor.pid);
      let peak = before;
      const sampler = setInterval(() => {
        rssOf(monitor.pid).then((rss) => peak = Math.max(peak, rss), () => {});
      }, 50);
      try {
        attacks.push(
          ...await Promise.all([1, 2, 3].map(() =>
            sendBody(port, {
              method: "GET",
              path: "/api/stream",
              totalBytes: 300_000_000,
              framing: "length",
              headers,
            })
          )),
        );
        // All three still open.
        peak = Math.max(peak, await rssOf(monitor.pid));
      } finally {
        clearInterval(sampler);
      }
      const seen = `token ${token ? "set, signed in" : "unset"}: ${
        (before / 2 ** 20).toFixed(0)
      } MB before, ${(peak / 2 ** 20).toFixed(0)} MB at most, ${
        attacks.map((a) => `${a.status} after ${a.sent} bytes`).join(", ")
      }`;
      for (const attack of attacks) assert.equal(attack.status, 413, seen);
      assert.ok(peak < 200_000_000, seen);

      for (const framing of ["length", "chunked"] as const) {
        for (const path of ["/api/feed?exchange=direct.exchange", "/api/stream"]) {
          const small = await sendBody(port, {
            method: "GET",
            path,
            totalBytes: 1024,
            framing,
            headers,
            stopAtAnswer: true,
          });
          small.close();
          assert.equal(small.status, 413, `GET ${path} with a ${framing} body`);
        }
      }
      const overview = await fetch(`${url}/api/overview`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      assert.equal(overview.status, 200, "the monitor still answers");
      await overview.body?.cancel();
    } finally {
      for (const attack of attacks) attack.close();
      monitor.kill("SIGTERM");
      await monitor.done;
    }
  }
});

Deno.test("no queue filter stalls the monitor: patterns that backtrack for ever elsewhere answer at once", async () => {
  const prefix = uniqueName("redos");
  const names = Array.from({ length: 5 }, (_, i) => `${prefix}.${i}.${"a".repeat(200)}!`);
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    for (const name of names) await ch.queueDeclare(name, { durable: true });
  });
  const monitor = await startTestMonitor();
  try {
    const list = async (name: string) => {
      const query = new URLSearchParams({ name, use_regex: "true", page_size: "500" });
      const started = performance.now();
      const response = await fetch(`${monitor.url}/api/queues?${query}`, {
        signal: AbortSignal.timeout(10_000),
      });
      return {
        status: response.status,
        body: await response.json(),
        ms: performance.now() - started,
      };
    };
    await eventually(
      "the monitor to list the long-named queues",
      async () =>
        (await list(`^${prefix.replaceAll(".", "\\.")}`)).body.filtered_count === 5
          ? true
          : undefined,
    );
    for (
      const pattern of [
        "(a+)+$",
        "(a|a)*!b",
        "(a*)*b",
        "(.*a){25}x",
        "^(([a-z])+.)+[A-Z]([a-z])+$",
        "(a|aa)+$x",
        "(\\w+\\s?)*x$",
      ]
    ) {
      const answer = await list(`${prefix.replaceAll(".", "\\.")}.*${pattern}`);
      assert.equal(answer.status, 200, `${pattern}: ${JSON.stringify(answer.body)}`);
      assert.ok(answer.ms < 1_000, `${pattern}: answered in ${answer.ms.toFixed(0)} ms`);
    }
    const backreference = await list("(a)\\1");
    assert.equal(backreference.status, 400);
    assert.match(backreference.body.error, /no backreferences or lookaround/);
    const overview = await fetch(`${monitor.url}/api/overview`, {
      signal: AbortSignal.timeout(5_000),
    });
    assert.equal(overview.status, 200, "the monitor still answers everything else");
    await overview.body?.cancel();
  } finally {
    await monitor.close();
    for (const name of names) await management.deleteQueue(name);
  }
});
