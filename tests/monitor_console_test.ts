/**
 * The monitor's actions on the broker itself through its API, against the real broker: each is
 * refused with 403 naming `--allow KIND` until allowed, refused on a read-only monitor and from
 * another site's page; allowed, each changes the broker (seen through the management API) and
 * goes on the action record, `GET /api/actions` and one stderr line.
 */
import assert from "node:assert/strict";
import { AMQPClient } from "@cloudamqp/amqp-client";
import { freePortRange } from "../lib/local_broker/free_ports.ts";
import { AMQP_URL, eventually, management, spawnScript, uniqueName } from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import type { RunningMonitor } from "../routes/app.ts";
import type { ActionEntry } from "../lib/queue_actions/mod.ts";

/** A JSON request to the monitor; answers the status and the JSON body. */
async function call(
  monitor: RunningMonitor,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${monitor.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** The monitor's record, newest first. */
async function recordOf(monitor: RunningMonitor): Promise<ActionEntry[]> {
  return (await (await fetch(`${monitor.url}/api/actions`)).json()).actions;
}

/** A topic exchange and a queue of the test's own, deleted afterwards. */
async function withPair(prefix: string, fn: (x: string, q: string) => Promise<void>) {
  const x = uniqueName(`${prefix}.x`);
  const q = uniqueName(`${prefix}.q`);
  const vhost = encodeURIComponent(management.vhost);
  try {
    await management.request("PUT", `exchanges/${vhost}/${encodeURIComponent(x)}`, {
      type: "headers",
      durable: false,
    });
    await management.request("PUT", `queues/${vhost}/${encodeURIComponent(q)}`, {
      durable: false,
      auto_delete: false,
    });
    await fn(x, q);
  } finally {
    await management.deleteQueue(q);
    await management.deleteExchange(x);
  }
}

const binding = (x: string, q: string) => ({
  source: x,
  destination: q,
  destination_type: "queue",
  routing_key: "",
  arguments: { "x-match": "any", region: "eu" },
});

Deno.test("every console action is refused with 403 naming --allow KIND, and on a read-only monitor", async () => {
  const plain = await startTestMonitor();
  const readOnly = await startTestMonitor({ readOnly: true, allow: ["topology", "connections"] });
  try {
    const asks: [string, string, unknown, string][] = [
      ["POST", "/api/bindings", binding("a", "b"), "topology"],
      ["DELETE", "/api/bindings", binding("a", "b"), "topology"],
      ["PUT", "/api/queues/test.console.none", { type: "quorum" }, "topology"],
      ["PUT", "/api/exchanges/test.console.none", { type: "topic" }, "topology"],
      ["DELETE", "/api/exchanges/test.console.none", undefined, "topology"],
      ["DELETE", "/api/connections/none", { reason: "x" }, "connections"],
    ];
    for (const [method, path, body, kind] of asks) {
      const refused = await call(plain, method, path, body);
      assert.equal(refused.status, 403, `${method} ${path}: ${JSON.stringify(refused.json)}`);
      assert.match(String(refused.json.error), new RegExp(`--allow ${kind}`), `${method} ${path}`);
      const ro = await call(readOnly, method, path, body);
      assert.equal(ro.status, 403, `${method} ${path} read-only`);
      assert.match(String(ro.json.error), /read-only \(started with --read-only\)/);
    }
    const record = await recordOf(plain);
    assert.equal(record.length, asks.length, JSON.stringify(record));
    assert.deepEqual(record.map((e) => e.result), asks.map(() => "refused"));
    assert.equal(record[0].action, "close connection", "newest first");
    assert.match(record[0].detail ?? "", /--allow connections/);
  } finally {
    await plain.close();
    await readOnly.close();
  }
});

Deno.test("a binding is added and removed (headers arguments) and the broker shows it come and go", async () => {
  await withPair("console-bind", async (x, q) => {
    const monitor = await startTestMonitor({ allow: ["topology"] });
    try {
      const added = await call(monitor, "POST", "/api/bindings", binding(x, q));
      assert.equal(added.status, 201, JSON.stringify(added.json));
      const listed = await management.queueBindings(q);
      const mine = listed.filter((b) => b.source === x);
      assert.equal(mine.length, 1, JSON.stringify(listed));
      assert.deepEqual(mine[0].arguments, { "x-match": "any", region: "eu" });

      // Another key's binding is not this one: 404 naming it, and the real one stays.
      const other = await call(monitor, "DELETE", "/api/bindings", {
        ...binding(x, q),
        arguments: { "x-match": "all", region: "eu" },
      });
      assert.equal(other.status, 404, JSON.stringify(other.json));
      assert.match(String(other.json.error), /there is no binding exchange '.*' → queue/);

      const removed = await call(monitor, "DELETE", "/api/bindings", binding(x, q));
      assert.equal(removed.status, 200, JSON.stringify(removed.json));
      assert.equal((await management.queueBindings(q)).filter((b) => b.source === x).length, 0);

      const missing = await call(monitor, "POST", "/api/bindings", binding(x, `${q}.gone`));
      assert.equal(missing.status, 404);
      assert.match(String(missing.json.error), /queue '.*\.gone' does not exist/);
      const bad = await call(monitor, "POST", "/api/bindings", { ...binding(x, q), source: "" });
      assert.equal(bad.status, 400);
      assert.match(String(bad.json.error), /'source': the default exchange cannot be bound/);

      const record = await recordOf(monitor);
      assert.deepEqual(
        record.slice(0, 4).map((e) => `${e.action} ${e.result} ${e.status}`),
        [
          "add binding refused 400",
          "add binding refused 404",
          "remove binding done 200",
          "remove binding refused 404",
        ],
      );
      assert.match(record[2].object, new RegExp(`exchange '${x}' → queue '${q}'`));
    } finally {
      await monitor.close();
    }
  });
});

Deno.test("a queue and an exchange are declared with their arguments, an exchange is bound to it and deleted", async () => {
  const q = uniqueName("console-declare.q");
  const x = uniqueName("console-declare.x");
  const monitor = await startTestMonitor({ allow: ["topology"] });
  try {
    const queue = await call(monitor, "PUT", `/api/queues/${encodeURIComponent(q)}`, {
      type: "quorum",
      dead_letter_exchange: "",
      dead_letter_routing_key: `${q}.dlq`,
      max_length: 100,
      overflow: "reject-publish",
      delivery_limit: 5,
    });
    assert.equal(queue.status, 201, JSON.stringify(queue.json));
    const info = await management.queue(q);
    assert.equal(info?.type, "quorum");
    assert.equal(info?.arguments?.["x-delivery-limit"], 5);
    assert.equal(info?.arguments?.["x-max-length"], 100);

    const exchange = await call(monitor, "PUT", `/api/exchanges/${encodeURIComponent(x)}`, {
      type: "topic",
      alternate_exchange: "amq.fanout",
    });
    assert.equal(exchange.status, 201, JSON.stringify(exchange.json));
    const xInfo = await management.exchange(x);
    assert.equal(xInfo?.type, "topic");
    assert.equal(xInfo?.arguments?.["alternate-exchange"], "amq.fanout");

    // Declared again otherwise: the broker's own reason, 409.
    const clash = await call(monitor, "PUT", `/api/exchanges/${encodeURIComponent(x)}`, {
      type: "fanout",
    });
    assert.equal(clash.status, 409, JSON.stringify(clash.json));
    assert.match(String(clash.json.error), /the broker refused: .*inequivalent/);

    const bad = await call(monitor, "PUT", `/api/queues/${encodeURIComponent(q)}2`, {
      type: "classic",
      max_age: "7D",
    });
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.error), /'max_age' is for streams/);

    const e2e = await call(monitor, "POST", "/api/bindings", {
      source: "amq.topic",
      destination: x,
      destination_type: "exchange",
      routing_key: "orders.#",
    });
    assert.equal(e2e.status, 201, JSON.stringify(e2e.json));
    const into = (await management.bindings()).filter((b) => b.destination === x);
    assert.deepEqual(into.map((b) => [b.source, b.destination_type, b.routing_key]), [
      ["amq.topic", "exchange", "orders.#"],
    ]);

    const own = await call(monitor, "DELETE", "/api/exchanges/amq.topic");
    assert.equal(own.status, 403);
    const deleted = await call(monitor, "DELETE", `/api/exchanges/${encodeURIComponent(x)}`);
    assert.equal(deleted.status, 200, JSON.stringify(deleted.json));
    assert.equal(await management.exchange(x), undefined);
    const again = await call(monitor, "DELETE", `/api/exchanges/${encodeURIComponent(x)}`);
    assert.equal(again.status, 404);
  } finally {
    await monitor.close();
    await management.deleteQueue(q);
    await management.deleteExchange(x);
  }
});

Deno.test("a connection this test opened is closed with a reason its client sees", async () => {
  const name = uniqueName("console-close");
  const url = new URL(AMQP_URL);
  url.searchParams.set("name", name);
  const client = new AMQPClient(url.toString());
  const closed = new Promise<string>((resolve) => (client.onerror = (e) => resolve(e.message)));
  await client.connect();
  const monitor = await startTestMonitor({ allow: ["connections"] });
  try {
    const broker = await eventually("the test's connection listed", async () => {
      const all = await management.connections();
      return all.find((c) => c.client_properties?.connection_name === name)?.name;
    });
    const reason = "closing for maintenance ⚙";
    const answer = await call(
      monitor,
      "DELETE",
      `/api/connections/${encodeURIComponent(broker)}`,
      { reason },
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    const seen = await Promise.race([
      closed,
      new Promise<string>((_, reject) =>
        setTimeout(() => reject(new Error("the client saw no close in 10 s")), 10_000)
      ),
    ]);
    assert.match(seen, /CONNECTION_FORCED - closing for maintenance \\u2699/);
    const none = await call(monitor, "DELETE", "/api/connections/no%20such", { reason });
    assert.equal(none.status, 404);
    const [first] = await recordOf(monitor);
    assert.equal(first.status, 404);
  } finally {
    await monitor.close();
    await client.close().catch(() => {});
  }
});

Deno.test("another site's page is refused, and the refusal is on the record", async () => {
  const monitor = await startTestMonitor({ allow: ["topology"] });
  try {
    const refused = await call(monitor, "POST", "/api/bindings", binding("a", "b"), {
      origin: "https://evil.example",
    });
    assert.equal(refused.status, 403);
    assert.match(String(refused.json.error), /cross-site requests are refused/);
    const [entry] = await recordOf(monitor);
    assert.deepEqual([entry.action, entry.result, entry.status], [
      "POST /api/bindings",
      "refused",
      403,
    ]);
  } finally {
    await monitor.close();
  }
});

Deno.test("deno task monitor --allow topology writes one stderr line per action", async () => {
  await withPair("console-stderr", async (x, q) => {
    const port = freePortRange(1);
    const monitor = spawnScript("monitor", ["--port", String(port), "--allow", "topology"]);
    try {
      await eventually(
        "the monitor to listen",
        () => monitor.output().stdout.includes("monitor: open") || undefined,
        30_000,
        () => monitor.output().stderr,
      );
      const response = await fetch(`http://127.0.0.1:${port}/api/bindings`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(binding(x, q)),
      });
      assert.equal(response.status, 201, await response.text());
      const line = await eventually(
        "the action's stderr line",
        () => monitor.output().stderr.split("\n").find((l) => l.startsWith("action ")),
        10_000,
        () => monitor.output().stderr,
      );
      assert.match(
        line,
        new RegExp(
          `^action \\S+Z 127\\.0\\.0\\.1 \\(no token\\) vhost '/' add binding exchange '${x}' → queue '${q}' .*: done 201$`,
        ),
      );
    } finally {
      monitor.kill("SIGTERM");
      await monitor.done;
    }
  });
});

Deno.test("the record says a client signed in with the token", async () => {
  const token = `tok-${crypto.randomUUID()}`;
  const monitor = await startTestMonitor({ token, allow: ["topology"] });
  try {
    const auth = { authorization: `Bearer ${token}` };
    const answer = await call(
      monitor,
      "DELETE",
      "/api/exchanges/amq.direct",
      undefined,
      auth,
    );
    assert.equal(answer.status, 403, JSON.stringify(answer.json));
    const listed = await fetch(`${monitor.url}/api/actions`, { headers: auth });
    const [entry] = (await listed.json()).actions;
    assert.deepEqual(
      [entry.action, entry.object, entry.signedIn, entry.result],
      ["delete exchange", "exchange 'amq.direct'", true, "refused"],
    );
    assert.match(entry.detail, /the broker's own and cannot be deleted/);
  } finally {
    await monitor.close();
  }
});
