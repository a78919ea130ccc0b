/**
 * Column choice in the overview's queue table, in Chromium: unticked columns leave the headings
 * and the rows, the address keeps the choice, and a reload (or a shared link) shows the same.
 */
import assert from "node:assert/strict";
import { AMQP_URL, management, uniqueName } from "./helpers.ts";
import { parseAmqpUrl } from "../lib/config.ts";
import { ARTIFACTS, launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

const vhost = encodeURIComponent(parseAmqpUrl(AMQP_URL).vhost);

Deno.test("queue table: the columns chosen stay in the address and survive a reload", async () => {
  const stem = uniqueName("columns");
  const names = [`${stem}.a`, `${stem}.b`];
  for (const name of names) {
    await management.request("PUT", `queues/${vhost}/${encodeURIComponent(name)}`, {
      durable: true,
    });
  }
  const monitor = await startTestMonitor();
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${monitor.url}/?name=${encodeURIComponent(stem)}`);
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    const row = page.locator(`tr[data-queue="${names[0]}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-field="unacked"]').count(), 1);

    await page.locator(".column-choice summary").click();
    await page.locator('.column-choice input[name="unacked"]').uncheck();
    await page.locator('.column-choice input[name="ack"]').uncheck();
    // Each tick re-renders and rewrites the address: wait for the second one's.
    const expected = "type,features,state,ready,total,publish,deliver,consumers";
    await page.waitForFunction(
      (want) => new URLSearchParams(location.search).get("columns") === want,
      expected,
      { timeout: UI_TIMEOUT },
    ).catch(() => {
      throw new Error(`the address never held columns=${expected}: ${page.url()}`);
    });
    await page.waitForFunction(
      (queue) => document.querySelector(`tr[data-queue="${queue}"] [data-field="ack"]`) === null,
      names[0],
      { timeout: UI_TIMEOUT },
    );
    assert.equal(await row.locator('[data-field="unacked"]').count(), 0);
    assert.equal(await row.locator('[data-field="ack"]').count(), 0);
    const headings = await page.locator(".queue-table thead th").allTextContents();
    assert.ok(!headings.some((h) => /^(Unacked|Ack)\b/.test(h)), headings.join("|"));
    assert.equal(
      headings.length,
      await row.locator("td").count(),
      "as many headings as cells in a row",
    );

    await page.reload();
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    await row.waitFor();
    assert.equal(await row.locator('[data-field="unacked"]').count(), 0, "after a reload");
    assert.equal(await row.locator('[data-field="total"]').count(), 1);
    await page.screenshot({ path: `${ARTIFACTS}queue-columns.png` });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    for (const name of names) await management.deleteQueue(name);
  }
});
