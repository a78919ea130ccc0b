/**
 * The queues of every vhost at once: `GET /api/queues?vhost=*` pages them through the management
 * API with each queue's vhost, and `/queues?vhost=*` in Chromium lists the queues of two vhosts
 * with their vhost; a queue of another vhost opens after making that vhost the shown one.
 */
import assert from "node:assert/strict";
import { eventually, management, uniqueName, withTestVhost } from "./helpers.ts";
import { ARTIFACTS, launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import type { ManagementPage, QueueSnapshot } from "../lib/shared/mod.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

type Listed = ManagementPage<QueueSnapshot & { vhost: string }>;

Deno.test("all vhosts: the API and the page list queues of two vhosts, each with its vhost", async () => {
  await withTestVhost("all-a", async (a) => {
    await withTestVhost("all-b", async (b) => {
      // One name stem for the four queues: the filter finds them alone on a shared broker.
      const stem = uniqueName("allv");
      const queues = [
        { vhost: a.name, name: `${stem}.one` },
        { vhost: a.name, name: `${stem}.two` },
        { vhost: b.name, name: `${stem}.one` },
        { vhost: b.name, name: `${stem}.three` },
      ];
      for (const q of queues) {
        await management.request(
          "PUT",
          `queues/${encodeURIComponent(q.vhost)}/${encodeURIComponent(q.name)}`,
          { durable: true },
        );
      }
      await management.request(
        "POST",
        `exchanges/${encodeURIComponent(b.name)}/amq.default/publish`,
        { properties: {}, routing_key: `${stem}.three`, payload: "x", payload_encoding: "string" },
      );
      // The broker's statistics count the message first (they lag the publish).
      let seen: unknown;
      await eventually(
        "the broker to count the message ready",
        async () => {
          seen = (await management.request<{ messages_ready?: number }>(
            "GET",
            `queues/${encodeURIComponent(b.name)}/${encodeURIComponent(`${stem}.three`)}`,
          )).messages_ready;
          return seen === 1 ? true : undefined;
        },
        20_000,
        () => `messages_ready ${seen}`,
      );
      const monitor = await startTestMonitor();
      const browser = await launchBrowser();
      try {
        const api = await fetch(
          `${monitor.url}/api/queues?vhost=*&name=${encodeURIComponent(stem)}&sort=name`,
        );
        assert.equal(api.status, 200);
        const listed = await api.json() as Listed;
        assert.deepEqual(
          listed.items.map((q) => `${q.vhost}|${q.name}`).sort(),
          queues.map((q) => `${q.vhost}|${q.name}`).sort(),
        );
        assert.equal(listed.filtered_count, 4);

        // Paged by the broker: two at a time, the second page holds the other two.
        const second = await (await fetch(
          `${monitor.url}/api/queues?vhost=*&name=${encodeURIComponent(stem)}&page_size=2&page=2`,
        )).json() as Listed;
        assert.equal(second.page_count, 2);
        assert.equal(second.items.length, 2);

        // A regular expression across every vhost is refused in one line naming the field.
        const regex = await fetch(`${monitor.url}/api/queues?vhost=*&name=a.*&use_regex=true`);
        assert.equal(regex.status, 400);
        assert.match((await regex.json()).error, /^use_regex: /);
        // Elsewhere `*` is no vhost's name.
        assert.equal((await fetch(`${monitor.url}/api/overview?vhost=*`)).status, 404);

        const page = await browser.context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(`${monitor.url}/queues?vhost=*&name=${encodeURIComponent(stem)}`);
        await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
        const rows = await page.locator("table.all-queues tbody tr").evaluateAll((trs) =>
          trs.map((tr) => `${tr.getAttribute("data-vhost")}|${tr.getAttribute("data-queue")}`)
        );
        assert.deepEqual(rows.sort(), queues.map((q) => `${q.vhost}|${q.name}`).sort());
        const three = page.locator(`tr[data-vhost="${b.name}"][data-queue="${stem}.three"]`);
        assert.equal(await three.locator('[data-field="vhost"]').textContent(), b.name);
        assert.equal(await three.locator('[data-field="ready"]').textContent(), "1");
        await page.screenshot({ path: `${ARTIFACTS}all-vhosts.png`, fullPage: true });

        // Live: a second message shows without a reload.
        await management.request(
          "POST",
          `exchanges/${encodeURIComponent(b.name)}/amq.default/publish`,
          {
            properties: {},
            routing_key: `${stem}.three`,
            payload: "y",
            payload_encoding: "string",
          },
        );
        await page.waitForFunction(
          ([vhost, queue]) =>
            document.querySelector(
              `tr[data-vhost="${vhost}"][data-queue="${queue}"] [data-field="ready"]`,
            )?.textContent === "2",
          [b.name, `${stem}.three`],
          { timeout: UI_TIMEOUT },
        );

        // Sorting by total (largest first) puts the queue with a message first.
        await page.locator("table.all-queues th a", { hasText: "total" }).click();
        await page.waitForURL(/sort=total/);
        assert.equal(
          await page.locator("table.all-queues tbody tr").first().getAttribute("data-queue"),
          `${stem}.three`,
        );

        // Another vhost's queue: its vhost becomes the shown one, then its page opens.
        await page.locator(`tr[data-vhost="${b.name}"][data-queue="${stem}.three"] button`)
          .click();
        await page.waitForURL(new RegExp(`/queues/${encodeURIComponent(`${stem}.three`)}$`));
        await page.waitForSelector(`[data-queue="${stem}.three"] [data-field="ready"]`, {
          timeout: UI_TIMEOUT,
        });
        assert.equal(
          await page.locator(`[data-queue="${stem}.three"] [data-field="ready"]`).textContent(),
          "2",
        );
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
        await monitor.close();
      }
    });
  });
});

Deno.test("POST /vhost goes on to a path of this monitor only", async () => {
  const monitor = await startTestMonitor();
  try {
    const vhost = (await management.vhosts())[0];
    for (
      const [next, expected] of [
        ["/queues/x", "/queues/x"],
        ["//evil.example/", "/"],
        ["/\\evil.example/", "/"],
        ["/\t/evil.example/", "/"],
        ["https://evil.example/", "/"],
      ]
    ) {
      const response = await fetch(`${monitor.url}/vhost`, {
        method: "POST",
        headers: { origin: monitor.url },
        body: new URLSearchParams({ vhost, next }),
        redirect: "manual",
      });
      await response.body?.cancel();
      assert.equal(response.status, 303, next);
      assert.equal(response.headers.get("location"), expected, next);
    }
  } finally {
    await monitor.close();
  }
});
