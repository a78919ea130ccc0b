/**
 * The monitor is safe to open on hostile data: message bodies, queue and exchange names are
 * rendered as text (checked in a real Chromium), and the broker's credentials never reach the
 * browser (every page, the bundle and the streams are scanned for the password).
 */
import assert from "node:assert/strict";
import { parseAmqpUrls } from "../lib/config.ts";
import { DEFAULT_THRESHOLDS } from "../lib/shared/mod.ts";
import { startMonitor } from "../routes/app.ts";
import { launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { AMQP_URL, management, MANAGEMENT_URL, produceOk, uniqueName } from "./helpers.ts";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";

const PAYLOAD =
  `<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script>`;

Deno.test("hostile bodies and names are shown as text, never run", async () => {
  const base = uniqueName("xss");
  const queue = `${base}<i>q</i>`;
  const exchange = `${base}<b>x</b>`;
  const flags = ["--exchange", exchange, "--queue", queue, "--audit-queue", ""];
  const monitor = await startTestMonitor();
  const browser = await launchBrowser();
  try {
    await produceOk([...flags, "--count", "1", "--text", PAYLOAD]);
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${monitor.url}/?name=${encodeURIComponent(base)}`);
    await page.locator(".queue-table tr", { hasText: `${base}<i>q</i>` }).waitFor({
      timeout: UI_TIMEOUT,
    });

    await page.goto(`${monitor.url}/queues/${encodeURIComponent(queue)}`);
    await page.waitForSelector(".feed .live.on", { timeout: UI_TIMEOUT });
    await produceOk([
      ...flags,
      "--count",
      "2",
      "--text",
      PAYLOAD,
      "--producer-id",
      "<b>me</b>",
    ]);
    const row = page.locator(".feed-table tbody tr", { hasText: "<img src=x" }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    assert.match(await row.innerText(), /from=<b>me<\/b>@/);
    assert.match(await page.locator("h1").innerText(), /<i>q<\/i>/, "the name is text");

    assert.equal(await page.locator("img").count(), 0, "no image element was created");
    assert.equal(await page.locator("i, b").count(), 0, "no markup from names");
    assert.equal(await page.locator("script:not([src]):not([type='application/json'])").count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
    assert.deepEqual(dialogs, []);
  } finally {
    await browser.close();
    await monitor.close();
    await management.deleteQueue(queue);
    await management.deleteExchange(exchange);
  }
});

Deno.test("the broker's password never reaches the browser", async () => {
  const user = uniqueName("user");
  const password = `pw-${crypto.randomUUID()}`;
  await management.request("PUT", `users/${encodeURIComponent(user)}`, {
    password,
    tags: "monitoring",
  });
  const amqp = new URL(AMQP_URL);
  amqp.username = user;
  amqp.password = password;
  const queue = uniqueName("creds");
  const monitor = await startMonitor({
    amqp: parseAmqpUrls(amqp.href),
    managementUrl: MANAGEMENT_URL,
    host: "127.0.0.1",
    port: 0,
    intervalSeconds: 1,
    thresholds: DEFAULT_THRESHOLDS,
  });
  try {
    await management.request("PUT", `permissions/%2F/${encodeURIComponent(user)}`, {
      configure: ".*",
      write: ".*",
      read: ".*",
    });
    // This user's own producer, into a queue of the test's own.
    const flags = [
      "--url",
      amqp.href,
      "--exchange",
      `${queue}.x`,
      "--queue",
      queue,
      "--audit-queue",
      "",
    ];
    await produceOk([...flags, "--count", "3"]);

    const texts: string[] = [];
    for (
      const path of [
        "/",
        "/connections",
        `/queues/${encodeURIComponent(queue)}`,
        "/api/overview",
        "/static/islands.js",
        "/static/style.css",
      ]
    ) {
      const response = await fetch(`${monitor.url}${path}`);
      assert.equal(response.status, 200, path);
      texts.push(await response.text());
    }
    const stream = await readEvents(`${monitor.url}/api/stream`, (events) => events.length >= 2);
    const feed = await readEvents(
      `${monitor.url}/api/feed?queue=${encodeURIComponent(queue)}`,
      (events) => events.some((e) => e.event === "messages"),
      15_000,
      async () => {
        await produceOk([...flags, "--count", "1"]);
      },
    );
    texts.push(...stream.map((e) => e.data), ...feed.map((e) => e.data));
    assert.ok(texts.some((t) => t.includes(queue)), "the scan looked at pages that show the queue");
    for (const text of texts) {
      assert.ok(!text.includes(password), "no page, bundle or event holds the password");
      assert.ok(!text.includes(btoa(`${user}:${password}`)), "nor the basic-auth header");
    }
  } finally {
    await monitor.close();
    await management.deleteQueue(queue);
    await management.deleteExchange(`${queue}.x`);
    await management.request("DELETE", `users/${encodeURIComponent(user)}`);
  }
});
