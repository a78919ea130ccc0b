/**
 * The monitor in a real Chromium: numbers change without a reload, the feed shows messages as
 * they are routed, and the publish form's message arrives. Screenshots go to test-artifacts/.
 */
import assert from "node:assert/strict";
import { eventually, produceOk, queueDepth, testTopology } from "./helpers.ts";
import { ARTIFACTS, launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

Deno.test("overview: a queue's ready count changes on the page without a reload", async () => {
  const t = testTopology("browser-overview");
  const monitor = await startTestMonitor();
  const browser = await launchBrowser();
  try {
    await produceOk([...t.flags, "--count", "10"]);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    // Filtered to this test's queue: the shared broker may hold more than a page of others.
    await page.goto(`${monitor.url}/?name=${encodeURIComponent(t.queue)}`);
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    const ready = page.locator(`[data-queue="${t.queue}"] [data-field="ready"]`);
    await ready.waitFor();
    await page.waitForFunction(
      (q) =>
        document.querySelector(`[data-queue="${q}"] [data-field="ready"]`)?.textContent === "10",
      t.queue,
      { timeout: UI_TIMEOUT },
    );
    let reloaded = false;
    page.on("load", () => (reloaded = true));

    await produceOk([...t.flags, "--count", "1490"]);
    await page.waitForFunction(
      (q) =>
        document.querySelector(`[data-queue="${q}"] [data-field="ready"]`)?.textContent === "1.5K",
      t.queue,
      { timeout: UI_TIMEOUT },
    );
    assert.equal(reloaded, false, "the number changed in place");
    assert.match(
      await page.locator(`[data-queue="${t.queue}"]`).getAttribute("class") ?? "",
      /status-warn/,
    );
    // The broker's node, live from the same stream: running, with its memory and descriptors.
    const node = page.locator(".node-card").first();
    assert.equal(await node.locator('[data-field="state"]').textContent(), "running");
    assert.match(await node.locator('[data-field="memory"]').textContent() ?? "", /[\d.]+ [MG]B/);
    assert.match(await node.locator('[data-field="fd"]').textContent() ?? "", /^\d+ of \d+$/);
    assert.match(await page.locator(".nodes h2").textContent() ?? "", /(\d+) of \1 running/);
    await page.screenshot({ path: `${ARTIFACTS}overview.png`, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("queue page: the live feed shows a message as it is routed; the form's message arrives", async () => {
  const t = testTopology("browser-feed");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  const browser = await launchBrowser();
  try {
    await produceOk([...t.flags, "--count", "3", "--producer-id", "ana"]);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`);
    await page.waitForSelector(".feed .live.on", { timeout: UI_TIMEOUT });

    const marker = `hello-${crypto.randomUUID().slice(0, 8)}`;
    await produceOk([
      ...t.flags,
      "--count",
      "5",
      "--text",
      marker,
      "--producer-id",
      "ana",
    ]);
    // The five arrive in one or more feed batches: wait for all of them, not the first.
    const rows = page.locator(".feed .feed-table tbody tr", { hasText: marker });
    await eventually(
      "5 feed rows with the marker",
      async () => (await rows.count()) === 5 ? true : undefined,
      UI_TIMEOUT,
      async () => `${await rows.count()} rows`,
    );
    assert.match(await rows.first().innerText(), /from=ana@/);

    // The filter narrows the list, and pause keeps it still.
    await page.fill(".feed input[type=search]", "no-such-text");
    await page.waitForFunction(() =>
      document.querySelectorAll(".feed .feed-table tbody tr td.body").length === 0
    );
    await page.fill(".feed input[type=search]", "");

    const formMarker = `form-${crypto.randomUUID().slice(0, 8)}`;
    await page.fill(".publish textarea[name=body]", formMarker);
    await page.click(".publish button[type=submit]");
    await page.locator(".publish .result.ok").waitFor({ timeout: UI_TIMEOUT });
    assert.match(await page.locator(".publish .result").innerText(), /confirmed 1 of 1/);
    await page.locator(".feed .feed-table tbody tr", { hasText: formMarker }).waitFor({
      timeout: UI_TIMEOUT,
    });
    assert.equal(await queueDepth(t.queue), 9, "3 + 5 + 1 from the form, none taken by the feed");

    // The chart opened with the management API's samples and draws on canvas.
    await page.waitForFunction(
      () =>
        Number(document.querySelector(".history-chart")?.getAttribute("data-points")) >= 3 &&
        document.querySelectorAll(".history-chart canvas").length === 2,
      undefined,
      { timeout: UI_TIMEOUT },
    );
    await page.screenshot({ path: `${ARTIFACTS}queue.png`, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await t.cleanup();
  }
});
