/**
 * An operator with 50+ queues, in a real Chromium on a desktop and on a 390 px phone: finds the
 * deepest queue by sorting the table, filters and pages, opens it, purges it, and sees its depth
 * fall on the chart; no page is wider than the screen. Screenshots go to test-artifacts/.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  eventually,
  management,
  produceOk,
  queueDepth,
  testTopology,
  uniqueName,
  withConnection,
} from "./helpers.ts";
import { ARTIFACTS, DEVICES, launchBrowser, openPage, UI_TIMEOUT, waitForText } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

/** 55 queues bound to one exchange, queue i holding i messages, queue 37 holding 5,000. */
async function fleet(prefix: string) {
  const exchange = `${prefix}.x`;
  const names = Array.from({ length: 55 }, (_, i) => `${prefix}.q${String(i).padStart(2, "0")}`);
  const deepest = names[37];
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.confirmSelect();
    await ch.exchangeDeclare(exchange, "direct", { durable: false, autoDelete: false });
    for (const [i, name] of names.entries()) {
      await ch.queueDeclare(name, { durable: false, autoDelete: false });
      await ch.queueBind(name, exchange, name);
      const count = name === deepest ? 5_000 : i;
      const sends = [];
      for (let n = 0; n < count; n++) sends.push(ch.basicPublish(exchange, name, `m${n}`));
      await Promise.all(sends);
    }
  });
  return {
    exchange,
    names,
    deepest,
    async cleanup() {
      for (const name of names) await management.deleteQueue(name);
      await management.deleteExchange(exchange);
    },
  };
}

/** The page is no wider than its viewport. */
async function fitsScreen(page: Page, what: string): Promise<void> {
  const [scroll, viewport] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    globalThis.innerWidth,
  ]);
  assert.ok(
    scroll <= viewport,
    `${what}: the page is ${scroll} px wide on a ${viewport} px screen`,
  );
}

for (const device of DEVICES) {
  Deno.test(`operator on a ${device.name}: find the deepest of 55 queues, purge it, see its depth fall`, async () => {
    const f = await fleet(uniqueName(`ops-${device.name}`));
    const monitor = await startTestMonitor({ publishExchanges: [f.exchange] });
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser.context, device);
      const prefix = f.names[0].slice(0, -3);
      await page.goto(`${monitor.url}/`);
      await page.fill(".table-tools input[type=search]", prefix);
      await page.waitForFunction(
        () => /of 55\b/.test(document.querySelector('[data-field="page-info"]')?.textContent ?? ""),
        undefined,
        { timeout: UI_TIMEOUT },
      );
      assert.equal(await page.locator(".queue-table tbody tr").count(), 20, "a page of 20");

      // Sort by total: the deepest comes first, and the address bar keeps the query.
      await page.click('.queue-table th button[data-sort="total"]');
      const first = page.locator(".queue-table tbody tr").first();
      await eventually(
        "the deepest queue on top",
        async () => (await first.getAttribute("data-queue")) === f.deepest || undefined,
        UI_TIMEOUT,
        () => first.getAttribute("data-queue").then(String),
      );
      assert.match(page.url(), /sort=total&sort_reverse=true/);
      assert.equal(await first.locator('[data-field="total"]').getAttribute("title"), "5,000");
      assert.equal(
        await page.locator('.queue-table th[aria-sort="descending"] button').getAttribute(
          "data-sort",
        ),
        "total",
      );
      await page.click(".pager button:has-text('Next')");
      await page.waitForFunction(() =>
        /^21–40 of 55/.test(document.querySelector('[data-field="page-info"]')?.textContent ?? "")
      );
      await fitsScreen(page, "overview");
      await page.screenshot({
        path: `${ARTIFACTS}operator-overview-${device.name}.png`,
        fullPage: true,
      });

      // Open it, purge it (confirmed in the page), and watch the chart's depth fall to 0.
      const chartState = async () => {
        const points = await page.locator(".history-chart").getAttribute("data-points");
        const listed = await fetch(
          `${monitor.url}/api/queues?name=${encodeURIComponent(f.deepest)}`,
        );
        return `the chart has ${points} points; /api/queues lists ${await listed.text()}`;
      };
      await page.goto(`${monitor.url}/queues/${encodeURIComponent(f.deepest)}`);
      await page.waitForSelector(".history-chart canvas", { timeout: UI_TIMEOUT });
      await waitForText(page, '[data-field="chart-ready"] strong', "5K", chartState);
      await fitsScreen(page, "queue page");
      await page.click(".queue-actions button:has-text('Purge')");
      await page.click('.confirm button[data-confirm="purge"]');
      await page.locator(".queue-actions .result.ok", { hasText: "purged 5000 messages" }).waitFor({
        timeout: UI_TIMEOUT,
      });
      assert.equal(await queueDepth(f.deepest), 0);
      await waitForText(page, '[data-field="chart-ready"] strong', "0", chartState);
      await page.screenshot({
        path: `${ARTIFACTS}operator-purged-${device.name}.png`,
        fullPage: true,
      });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await monitor.close();
      await f.cleanup();
    }
  });
}

Deno.test("every page fits a 390 px phone, in the light theme too; a missing page is styled", async () => {
  const monitor = await startTestMonitor();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "light" });
    for (
      const path of [
        "/",
        "/connections",
        "/broker",
        "/queues?vhost=*",
        "/no-such-page",
        "/queues/no.such.queue",
      ]
    ) {
      const response = await page.goto(`${monitor.url}${path}`);
      await page.waitForSelector("nav.top");
      await fitsScreen(page, path);
      if (path.startsWith("/no") || path.startsWith("/queues/")) {
        assert.equal(response?.status(), 404, path);
        assert.match(await page.locator("main").innerText(), /Back to the overview/);
      }
    }
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(246, 248, 250)", "the light theme's background");
    await page.screenshot({ path: `${ARTIFACTS}not-found-phone-light.png`, fullPage: true });
  } finally {
    await browser.close();
    await monitor.close();
  }
});

for (const device of DEVICES) {
  Deno.test(`queue actions on a ${device.name}: move asks first and carries the messages; delete too`, async () => {
    const t = testTopology(`ops-actions-${device.name}`);
    const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
    const browser = await launchBrowser();
    try {
      await produceOk([...t.flags, "--count", "12"]);
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: device.width, height: device.height });
      await page.goto(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`);

      await page.fill(".queue-actions input[name=move-to]", t.auditQueue);
      await page.click(".queue-actions button:has-text('Move messages')");
      assert.match(
        await page.locator(".confirm").innerText(),
        /Move every message of .* to .*audit/,
      );
      await page.click(".confirm button:has-text('Cancel')");
      assert.equal(await queueDepth(t.queue), 12, "cancelled: nothing moved");
      await page.click(".queue-actions button:has-text('Move messages')");
      await page.click('.confirm button[data-confirm="move"]');
      await page.locator(".queue-actions .result.ok", { hasText: "moved 12 messages" }).waitFor({
        timeout: UI_TIMEOUT,
      });
      assert.deepEqual([await queueDepth(t.queue), await queueDepth(t.auditQueue)], [0, 24]);
      await fitsScreen(page, "queue page with a confirmation");

      await page.click(".queue-actions button.danger:has-text('Delete')");
      assert.match(
        await page.locator(".confirm").innerText(),
        /Delete queue .* and the messages in it\?/,
      );
      await page.click('.confirm button[data-confirm="delete"]');
      await page.waitForURL(`${monitor.url}/`, { timeout: UI_TIMEOUT });
      assert.equal(await management.queue(t.queue), undefined, "deleted");
    } finally {
      await browser.close();
      await monitor.close();
      await t.cleanup();
    }
  });
}
