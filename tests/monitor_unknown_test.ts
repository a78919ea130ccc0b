/**
 * Without the management API the overview shows every figure it cannot know as unknown ("—",
 * with the reason beside it), never a 0, and no activity badge read from unknown rates.
 */
import assert from "node:assert/strict";
import type { Snapshot } from "../lib/shared/mod.ts";
import { eventually, MANAGEMENT_URL, produceOk, testTopology } from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

/** The overview's summary figures as the page renders them: label → value and note. */
function statsOf(html: string): Map<string, { value: string; note?: string }> {
  const stats = new Map<string, { value: string; note?: string }>();
  const pattern =
    /<div class="stat-label">([^<]*)<\/div><div class="stat-value">([^<]*)<\/div>(?:<div class="stat-note">([^<]*)<\/div>)?/g;
  for (const [, label, value, note] of html.matchAll(pattern)) stats.set(label, { value, note });
  return stats;
}

/** A port nothing listens on: the management API "stopped". */
function deadPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

Deno.test("management API never reached: the overview shows no 0 for what it cannot know", async () => {
  const t = testTopology("unknown-figures");
  await produceOk([...t.flags, "--count", "30"]);
  const monitor = await startTestMonitor({ managementUrl: `http://127.0.0.1:${deadPort()}` });
  try {
    const html = await eventually("a degraded overview", async () => {
      const s: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
      return s.source === "amqp" ? await (await fetch(`${monitor.url}/`)).text() : undefined;
    });
    const stats = statsOf(html);
    assert.equal(stats.size, 8, `eight figures: ${JSON.stringify([...stats])}`);
    for (const [label, { value }] of stats) {
      assert.equal(value, "—", `${label} is unknown, not ${value}`);
    }
    assert.match(stats.get("Queues")?.note ?? "", /known by name/, "the reason beside it");
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("management API gone after a listing: the known queue keeps its depth, and no Idle badge", async () => {
  const t = testTopology("unknown-badge");
  await produceOk([...t.flags, "--count", "40"]);
  const proxy = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    return fetch(`${MANAGEMENT_URL}${url.pathname}${url.search}`, { headers: request.headers });
  });
  const monitor = await startTestMonitor({
    managementUrl: `http://127.0.0.1:${proxy.addr.port}`,
  });
  const overview = async (): Promise<Snapshot> =>
    await (await fetch(`${monitor.url}/api/overview`)).json();
  try {
    await eventually("the queue listed by the management API", async () => {
      const s = await overview();
      return s.source === "management" && s.queues.some((q) => q.name === t.queue) || undefined;
    });
    await proxy.shutdown();
    await eventually(
      "the AMQP fallback",
      async () => (await overview()).source === "amqp" || undefined,
    );
    const html = await (await fetch(`${monitor.url}/?view=cards&name=${t.queue}`)).text();
    const stats = statsOf(html);
    assert.equal(stats.get("Ready")?.value, "—", "the vhost's ready count is unknown");
    // What AMQP read of the queues this monitor knows by name (others' queues on a shared
    // broker among them), given as that.
    assert.match(stats.get("Ready")?.note ?? "", /^[\d,]+ in the \d+ known by name$/);
    assert.match(html, new RegExp(`data-queue="${t.queue}"[^]*?data-field="ready"[^>]*>40<`));
    assert.doesNotMatch(html, /class="activity[^"]*">Idle/, "no badge from unknown rates");
  } finally {
    await monitor.close();
    await proxy.shutdown().catch(() => {});
    await t.cleanup();
  }
});
