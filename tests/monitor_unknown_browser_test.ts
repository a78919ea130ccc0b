/**
 * A queue's page while the management API is away: the chart's "now" row says what the card
 * beside it says (the ready count AMQP still reads), and "—" for what nothing tells.
 */
import assert from "node:assert/strict";
import { launchBrowser, openPage, waitForText } from "./browser.ts";
import { eventually, MANAGEMENT_URL, produceOk, testTopology } from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import type { Snapshot } from "../lib/shared/mod.ts";

Deno.test("management API gone: the chart's now row and the queue card agree on Ready", async () => {
  const t = testTopology("unknown-now");
  await produceOk([...t.flags, "--count", "40"]);
  const proxy = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    return fetch(`${MANAGEMENT_URL}${url.pathname}${url.search}`, { headers: request.headers });
  });
  const monitor = await startTestMonitor({ managementUrl: `http://127.0.0.1:${proxy.addr.port}` });
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser.context, { width: 1280, height: 900 });
    await page.goto(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`);
    await waitForText(page, '[data-field="chart-ready"] strong', "40");
    await proxy.shutdown();
    await eventually("the AMQP fallback", async () => {
      const s: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
      return s.source === "amqp" || undefined;
    });
    await waitForText(page, '[data-field="chart-unacked"] strong', "—");
    assert.equal(await page.locator('[data-field="chart-ready"] strong').textContent(), "40");
    assert.equal(await page.locator('[data-field="chart-publish"] strong').textContent(), "—");
    assert.equal(
      await page.locator('.queue-card [data-field="ready"]').first().textContent(),
      "40",
      "the card says the same",
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await proxy.shutdown().catch(() => {});
    await t.cleanup();
  }
});
