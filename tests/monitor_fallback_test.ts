/**
 * When the management API goes away the monitor says so and keeps showing queue depths over
 * AMQP; when it comes back, so do the full statistics. The management API is reached through a
 * proxy this test can stop, so the shared broker's plugin is never touched.
 */
import assert from "node:assert/strict";
import type { Snapshot } from "../lib/shared/mod.ts";
import { eventually, MANAGEMENT_URL, produceOk, testTopology } from "./helpers.ts";
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
