/**
 * Inspecting and taking messages in a real Chromium: a live-feed row opens its properties and
 * headers, Get messages shows a queue's head and leaves it, and Consume takes messages as a
 * competing consumer until Stop. Screenshots go to test-artifacts/.
 */
import assert from "node:assert/strict";
import { eventually, produceOk, queueDepth, testTopology, withConnection } from "./helpers.ts";
import { ARTIFACTS, DEVICES, launchBrowser, openPage, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

/** Consumers on `queue` right now, as the broker counts them. */
function consumersOf(queue: string): Promise<number> {
  return withConnection(async (conn) => {
    const ch = await conn.channel();
    return (await ch.queueDeclare(queue, { passive: true })).consumerCount;
  });
}

Deno.test("queue page: Get messages shows the head with headers and leaves the queue; a feed row opens its details", async () => {
  const t = testTopology("browser-get");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  const browser = await launchBrowser();
  try {
    await produceOk([...t.flags, "--count", "3", "--header", "tier=gold"]);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`);
    await page.waitForSelector(".feed .live.on", { timeout: UI_TIMEOUT });

    await page.fill(".get-messages input[name=count]", "2");
    await page.click(".get-messages button[type=submit]");
    const rows = page.locator(".get-messages .feed-table tbody tr");
    await eventually("2 rows got", async () => (await rows.count()) === 2 || undefined, UI_TIMEOUT);
    await rows.first().click();
    const details = page.locator(".get-messages .message-details");
    await details.waitFor();
    assert.equal(await details.locator('[data-header="tier"]').innerText(), "gold");
    assert.match(await details.innerText(), /delivery_mode/);
    assert.equal(await queueDepth(t.queue), 3, "got, not taken");

    // A live-feed row opens the same details.
    const marker = `feed-${crypto.randomUUID().slice(0, 8)}`;
    await produceOk([...t.flags, "--count", "1", "--text", marker, "--header", "region=eu"]);
    const feedRow = page.locator(".feed .feed-table tbody tr", { hasText: marker });
    await feedRow.waitFor({ timeout: UI_TIMEOUT });
    await feedRow.press("Enter");
    const feedDetails = page.locator(".feed .message-details");
    await feedDetails.waitFor();
    assert.equal(await feedDetails.locator('[data-header="region"]').innerText(), "eu");
    await page.screenshot({ path: `${ARTIFACTS}queue-get-messages.png`, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("queue page: Consume takes messages as a competing consumer; Stop gives the queue back", async () => {
  const t = testTopology("browser-consume");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  const browser = await launchBrowser();
  try {
    await produceOk([...t.flags, "--count", "20", "--producer-id", "ana"]);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`);
    await page.click(".browser-consumer button");
    const status = page.locator('[data-field="consumer-status"]');
    await eventually(
      "20 taken",
      async () => {
        const text = await status.innerText();
        return /consuming as monitor-page-\w+: 20 taken/.test(text) ? text : undefined;
      },
      UI_TIMEOUT,
      () => status.innerText(),
    );
    assert.equal(await page.locator(".browser-consumer .feed-table tbody tr").count(), 20);
    assert.match(
      await page.locator(".browser-consumer .feed-table tbody tr").first().innerText(),
      /from=ana@.*\b20\b/s,
    );
    await eventually(
      "the queue to be empty",
      async () => (await queueDepth(t.queue)) === 0 || undefined,
    );
    assert.equal(await consumersOf(t.queue), 1, "the page's consumer is on the broker");

    // More arrive while it runs; after Stop, the consumer is gone and new messages stay.
    await produceOk([...t.flags, "--count", "5", "--audit-queue", ""]);
    await eventually(
      "25 taken",
      async () => /: 25 taken/.test(await status.innerText()) || undefined,
    );
    await page.screenshot({ path: `${ARTIFACTS}queue-consume.png`, fullPage: true });
    await page.click(".browser-consumer button");
    await eventually(
      "the page's consumer to leave",
      async () => (await consumersOf(t.queue)) === 0 || undefined,
    );
    await produceOk([...t.flags, "--count", "4", "--audit-queue", ""]);
    assert.equal(await queueDepth(t.queue), 4, "nothing taken after Stop");
    assert.match(await status.innerText(), /^25 taken/);
    assert.equal(monitor.context.browserConsumers.size, 0);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("closing the page stops its consumer; what it had not passed on goes back", async () => {
  const t = testTopology("browser-consume-close");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  const browser = await launchBrowser();
  try {
    await produceOk([...t.flags, "--count", "3", "--audit-queue", ""]);
    const page = await browser.context.newPage();
    await page.goto(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`);
    await page.click(".browser-consumer button");
    await page.locator(".browser-consumer .feed-table tbody tr", { hasText: "from=" }).first()
      .waitFor({ timeout: UI_TIMEOUT });
    await page.close();
    await eventually(
      "the consumer to leave with the page",
      async () =>
        (await consumersOf(t.queue)) === 0 && monitor.context.browserConsumers.size === 0 ||
        undefined,
    );
    await produceOk([...t.flags, "--count", "2", "--audit-queue", ""]);
    assert.equal(await queueDepth(t.queue), 2);
  } finally {
    await browser.close();
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("on a phone the columns an operator reads first are in view: the feed's body, the queue table's depth", async () => {
  const t = testTopology("browser-phone");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  const browser = await launchBrowser();
  try {
    await produceOk([...t.flags, "--count", "1"]);
    const { page, errors } = await openPage(browser.context, DEVICES[1]);
    const inView = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      return box !== null && box.x >= 0 && box.x + 20 <= DEVICES[1].width;
    };
    await page.goto(`${monitor.url}/?name=${encodeURIComponent(t.queue)}`);
    await page.locator(`tr[data-queue="${t.queue}"]`).waitFor({ timeout: UI_TIMEOUT });
    assert.ok(await inView(`tr[data-queue="${t.queue}"] [data-field="ready"]`), "ready in view");
    assert.ok(await inView(`tr[data-queue="${t.queue}"] [data-field="total"]`), "total in view");

    await page.goto(`${monitor.url}/queues/${encodeURIComponent(t.queue)}`);
    await page.waitForSelector(".feed .live.on", { timeout: UI_TIMEOUT });
    const marker = `phone-${crypto.randomUUID().slice(0, 8)}`;
    await produceOk([...t.flags, "--count", "1", "--text", marker]);
    const row = page.locator(".feed .feed-table tbody tr", { hasText: marker });
    await row.waitFor({ timeout: UI_TIMEOUT });
    assert.ok(await inView(".feed .feed-table tbody td.body"), "the body in view");
    await page.screenshot({ path: `${ARTIFACTS}queue-phone-feed.png`, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await t.cleanup();
  }
});
