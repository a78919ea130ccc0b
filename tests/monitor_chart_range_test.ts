/**
 * The charts' span and scale in Chromium: 1 h reads the broker's hour of samples (as
 * `GET /api/history` gives them, older than the 5 minutes shown at first), 8 h is offered on the
 * overview alone, and the log scale redraws the axis with powers of ten.
 */
import assert from "node:assert/strict";
import { AMQP_URL, eventually, management, uniqueName } from "./helpers.ts";
import { parseAmqpUrl } from "../lib/config.ts";
import { ARTIFACTS, launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import type { ChartPoint } from "../lib/shared/mod.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

Deno.test("overview chart: 1 h reads the broker's hour of samples; log scale redraws the axis", async () => {
  const monitor = await startTestMonitor();
  const browser = await launchBrowser();
  try {
    const api = await fetch(`${monitor.url}/api/history?seconds=3600`);
    assert.equal(api.status, 200);
    const hour = await api.json() as { step: number; points: ChartPoint[] };
    assert.equal(hour.step, 60);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${monitor.url}/`);
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    const chart = page.locator(".history-chart");
    assert.equal(await chart.getAttribute("data-seconds"), "300");
    assert.equal(await chart.locator("[data-range]").count(), 3, "5 min, 1 h and 8 h");

    await chart.locator('[data-range="3600"]').click();
    await page.waitForSelector('.history-chart[data-seconds="3600"]');
    const shown = Number(await chart.getAttribute("data-points"));
    assert.ok(
      shown >= hour.points.length,
      `the page shows the broker's ${hour.points.length} samples (and live points): ${shown}`,
    );
    if (hour.points.length > 1) {
      const span = hour.points.at(-1)!.at - hour.points[0].at;
      assert.ok(span > 300_000, `the hour's samples span more than 5 minutes: ${span} ms`);
    }

    const scales = () =>
      page.locator(".history-chart .chart-box").evaluateAll((boxes) =>
        boxes.map((b) => (b as HTMLElement).dataset.yScale)
      );
    assert.deepEqual(await scales(), ["1", "1"], "uPlot draws both linear at first");
    await chart.locator('input[name="log-scale"]').check();
    await page.waitForSelector('.history-chart[data-scale="log"]');
    await eventually(
      "uPlot to redraw both charts on the asinh scale",
      async () => {
        const now = await scales();
        return now.every((d) => d === "4") ? true : undefined;
      },
      10_000,
      async () => (await scales()).join(","),
    );
    await page.screenshot({ path: `${ARTIFACTS}chart-log.png` });
    assert.equal(
      await page.locator('[data-chart="depth"] canvas').count(),
      1,
      "one chart, redrawn",
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
  }
});

Deno.test("queue chart: 8 h is not offered (a queue's samples are kept an hour), and is refused", async () => {
  const queue = uniqueName("range");
  await management.request(
    "PUT",
    `queues/${encodeURIComponent(parseAmqpUrl(AMQP_URL).vhost)}/${encodeURIComponent(queue)}`,
    { durable: true },
  );
  const monitor = await startTestMonitor();
  const browser = await launchBrowser();
  try {
    const refused = await fetch(
      `${monitor.url}/api/history?seconds=28800&queue=${encodeURIComponent(queue)}`,
    );
    assert.equal(refused.status, 400);
    assert.equal((await refused.json()).error, "seconds: a queue's chart takes 300 or 3600");
    const page = await browser.context.newPage();
    await page.goto(`${monitor.url}/queues/${encodeURIComponent(queue)}`);
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    const ranges = await page.locator(".history-chart [data-range]").evaluateAll((bs) =>
      bs.map((b) => b.getAttribute("data-range"))
    );
    assert.deepEqual(ranges, ["300", "3600"]);
    await page.locator('.history-chart [data-range="3600"]').click();
    await eventually(
      "the queue chart to switch to 1 h",
      async () =>
        await page.locator(".history-chart").getAttribute("data-seconds") === "3600"
          ? true
          : undefined,
    );
  } finally {
    await browser.close();
    await monitor.close();
    await management.deleteQueue(queue);
  }
});
