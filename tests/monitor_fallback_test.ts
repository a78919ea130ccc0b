/**
 * When the management API goes away the monitor says so and keeps showing queue depths over
 * AMQP; when it comes back, so do the full statistics. The management API is reached through a
 * proxy this test can stop, so the shared broker's plugin is never touched.
 */
import assert from "node:assert/strict";
import type { QueueSnapshot, Snapshot } from "../lib/shared/mod.ts";
import {
  eventually,
  management,
  MANAGEMENT_URL,
  produceOk,
  testTopology,
  uniqueName,
  withConnection,
} from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

/** Forwards HTTP to the real management API on `port` until shut down. */
function startProxy(port: number): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    return fetch(`${MANAGEMENT_URL}${url.pathname}${url.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
  });
}

Deno.test("management API down: a banner, depths over AMQP, and recovery by itself", async () => {
  const t = testTopology("fallback");
  let proxy = startProxy(0);
  const port = proxy.addr.port;
  const monitor = await startTestMonitor({ managementUrl: `http://127.0.0.1:${port}` });
  const overview = async (): Promise<Snapshot> =>
    await (await fetch(`${monitor.url}/api/overview`)).json();
  try {
    await produceOk([...t.flags, "--count", "250"]);
    await eventually("the queue in a management snapshot", async () => {
      const s = await overview();
      return s.source === "management" &&
          s.queues.some((q) => q.name === t.queue && q.ready === 250) || undefined;
    });

    await proxy.shutdown();
    const down = await eventually("the AMQP fallback", async () => {
      const s = await overview();
      return s.source === "amqp" ? s : undefined;
    });
    assert.match(down.problem ?? "", /management API unavailable/);
    assert.equal(
      down.queues.find((q) => q.name === t.queue)?.ready,
      250,
      "depth still known over AMQP",
    );
    const html = await (await fetch(`${monitor.url}/`)).text();
    assert.match(html, /Management API unavailable/);

    proxy = startProxy(port);
    await eventually(
      "full statistics again",
      async () => (await overview()).source === "management" || undefined,
    );
  } finally {
    await monitor.close();
    await proxy.shutdown().catch(() => {});
    await t.cleanup();
  }
});

Deno.test("management API down with 50 queues: every queue seen is still listed, with its depth and type; a named one joins", async () => {
  const prefix = uniqueName("fallback50");
  const names = Array.from({ length: 50 }, (_, i) => `${prefix}.${String(i).padStart(2, "0")}`);
  const late = `${prefix}.late`;
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.confirmSelect();
    for (const [i, name] of names.entries()) {
      await ch.queueDeclare(name, { durable: true }, i === 7 ? { "x-message-ttl": 600000 } : {});
      for (let n = 0; n < i % 4; n++) await ch.basicPublish("", name, "x");
    }
  });
  const proxy = startProxy(0);
  const port = proxy.addr.port;
  const monitor = await startTestMonitor({ managementUrl: `http://127.0.0.1:${port}` });
  const listed = async () =>
    (await (await fetch(
      `${monitor.url}/api/queues?name=${encodeURIComponent(prefix)}&page_size=500`,
    )).json()).items as QueueSnapshot[];
  try {
    await eventually("the 50 queues in a management snapshot", async () => {
      const items = await listed();
      return items.length === 50 && items.every((q, i) => q.ready === i % 4) || undefined;
    });
    await proxy.shutdown();
    const down = await eventually("the AMQP fallback with all 50", async () => {
      const s: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
      const items = await listed();
      return s.source === "amqp" && items.length === 50 ? items : undefined;
    });
    for (const [i, q] of down.entries()) {
      assert.equal(q.ready, i % 4, `${q.name}: depth over AMQP`);
      assert.equal(q.type, "classic", `${q.name}: type from the last listing, not "unknown"`);
    }
    assert.ok(down[7].features.some((f) => f.label === "TTL"), "features kept");

    // A queue made while the management API is away joins once a page names it.
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(late, { durable: true });
      await ch.basicPublish("", late, "x");
    });
    const page = await fetch(`${monitor.url}/queues/${encodeURIComponent(late)}`);
    assert.equal(page.status, 200);
    await page.body?.cancel();
    await eventually(
      "the named queue in the list",
      async () => (await listed()).find((q) => q.name === late)?.ready === 1 || undefined,
    );
    const missing = await fetch(`${monitor.url}/queues/${encodeURIComponent(`${prefix}.nope`)}`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await monitor.close();
    await proxy.shutdown().catch(() => {});
    for (const name of [...names, late]) await management.deleteQueue(name);
  }
});
