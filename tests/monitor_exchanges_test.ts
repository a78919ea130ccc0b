/**
 * `/exchanges`, `/exchanges/NAME` and `GET /api/exchanges` against the real broker: bindings
 * counted both ways, an exchange-to-exchange binding, and the pages in Chromium on a desktop and
 * a 390 px phone.
 */
import assert from "node:assert/strict";
import type { ExchangeRow } from "../lib/shared/mod.ts";
import { eventually, management, produceOk, testTopology, withConnection } from "./helpers.ts";
import { ARTIFACTS, DEVICES, launchBrowser, openPage, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

/** A topology with a second exchange bound into the first. */
async function withExchanges(
  prefix: string,
  fn: (t: ReturnType<typeof testTopology>, upstream: string) => Promise<void>,
) {
  const t = testTopology(prefix);
  const upstream = `${t.exchange}.upstream`;
  try {
    await produceOk([...t.flags, "--count", "3"]);
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.exchangeDeclare(upstream, "fanout", { durable: false, autoDelete: false });
      await ch.exchangeBind(t.exchange, upstream, "");
    });
    await fn(t, upstream);
  } finally {
    await management.deleteExchange(upstream);
    await t.cleanup();
  }
}

Deno.test("GET /api/exchanges counts bindings out and in, and names the default exchange", async () => {
  await withExchanges("exchanges-api", async (t, upstream) => {
    const monitor = await startTestMonitor({ intervalSeconds: 1 });
    try {
      const rows = await eventually("both exchanges listed", async () => {
        const list: ExchangeRow[] = await (await fetch(`${monitor.url}/api/exchanges`)).json();
        return list.some((x) => x.name === upstream) ? list : undefined;
      });
      const main = rows.find((x) => x.name === t.exchange)!;
      assert.deepEqual([main.type, main.durable, main.bindingsOut, main.bindingsIn], [
        "direct",
        true,
        2,
        1,
      ]);
      const up = rows.find((x) => x.name === upstream)!;
      assert.deepEqual([up.type, up.bindingsOut, up.bindingsIn], ["fanout", 1, 0]);
      assert.ok(rows.some((x) => x.name === "amq.default"), "the default exchange, by its UI name");
    } finally {
      await monitor.close();
    }
  });
});

for (const device of DEVICES) {
  Deno.test(`exchanges pages on a ${device.name}: the list, filtered, then one exchange's routes`, async () => {
    await withExchanges(`exchanges-${device.name}`, async (t, upstream) => {
      const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
      const browser = await launchBrowser();
      try {
        const { page, errors } = await openPage(browser.context, device);
        await page.goto(`${monitor.url}/exchanges`);
        await page.fill(".table-tools input[type=search]", t.exchange);
        const rows = page.locator(".exchange-table tbody tr");
        await eventually(
          "two exchanges after filtering",
          async () => (await rows.count()) === 2 || undefined,
          UI_TIMEOUT,
          async () => `${await rows.count()} rows`,
        );
        const main = page.locator(`tr[data-exchange="${t.exchange}"]`);
        assert.equal(await main.locator('[data-field="bindings-out"]').innerText(), "2");
        assert.equal(await main.locator('[data-field="bindings-in"]').innerText(), "1");
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= device.width, `the list is ${width} px wide`);
        await page.screenshot({ path: `${ARTIFACTS}exchanges-${device.name}.png`, fullPage: true });

        await main.locator("a").click();
        await page.waitForSelector("h1");
        assert.equal(await page.locator("h1").innerText(), t.exchange);
        const text = await page.locator("main").innerText();
        assert.match(text, /Routes to \(2\)/);
        assert.match(text, /Routed from \(1\)/);
        assert.ok(
          await page.locator(`a[href="/queues/${encodeURIComponent(t.queue)}"]`).count() > 0,
        );
        assert.ok(
          await page.locator(`a[href="/exchanges/${encodeURIComponent(upstream)}"]`).count() > 0,
        );
        await page.locator(".publish").waitFor({ timeout: UI_TIMEOUT }); // in the monitor's scope
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(pageWidth <= device.width, `the exchange page is ${pageWidth} px wide`);
        await page.screenshot({ path: `${ARTIFACTS}exchange-${device.name}.png`, fullPage: true });

        const missing = await page.goto(
          `${monitor.url}/exchanges/${encodeURIComponent(`${t.exchange}.nope`)}`,
        );
        assert.equal(missing?.status(), 404);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
        await monitor.close();
      }
    });
  });
}
