/**
 * The vhost selector: a monitor started on one virtual host shows another when a page picks it
 * (the selector's cookie) or an API caller names it (`?vhost=`), with that vhost's queues, and
 * acts on them there. In Chromium on a desktop and a 390 px phone.
 */
import assert from "node:assert/strict";
import {
  eventually,
  MANAGEMENT_URL,
  produceOk,
  queueDepth,
  spawnScript,
  testTopology,
  withTestVhost,
} from "./helpers.ts";
import { ARTIFACTS, DEVICES, launchBrowser, openPage, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import type { Snapshot } from "../lib/shared/mod.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

/** A vhost of the test's own, with guest allowed in it, holding `count` messages in a queue. */
function withVhost(
  count: number,
  fn: (v: { name: string; url: string; queue: string; exchange: string }) => Promise<void>,
): Promise<void> {
  return withTestVhost("vhost", async ({ name, url }) => {
    const t = testTopology("in-vhost");
    await produceOk(["--url", url, ...t.flags, "--audit-queue", "", "--count", String(count)]);
    await fn({ name, url, queue: t.queue, exchange: t.exchange });
  });
}

Deno.test("?vhost= shows and acts on another virtual host; an unknown one is a 404", async () => {
  await withVhost(7, async (v) => {
    const monitor = await startTestMonitor();
    try {
      const page = await eventually("the queue in that vhost's table", async () => {
        const answer = await (await fetch(
          `${monitor.url}/api/queues?vhost=${encodeURIComponent(v.name)}&name=${
            encodeURIComponent(v.queue)
          }`,
        )).json();
        return answer.items?.[0]?.ready === 7 ? answer : undefined;
      });
      assert.equal(page.total_count, 1, "only that vhost's queues");
      const mine =
        await (await fetch(`${monitor.url}/api/queues?name=${encodeURIComponent(v.queue)}`))
          .json();
      assert.equal(mine.filtered_count, 0, "the default vhost does not have it");

      const purged = await fetch(
        `${monitor.url}/api/queues/${encodeURIComponent(v.queue)}/purge?vhost=${
          encodeURIComponent(v.name)
        }`,
        { method: "POST" },
      );
      assert.equal(purged.status, 403, "outside the write scope: its exchange is not allowed");
      await purged.body?.cancel();
      assert.equal(await queueDepth(v.queue, v.url), 7);
      const scoped = await startTestMonitor({ publishExchanges: [v.exchange] });
      try {
        const allowed = await fetch(
          `${scoped.url}/api/queues/${encodeURIComponent(v.queue)}/purge?vhost=${
            encodeURIComponent(v.name)
          }`,
          { method: "POST" },
        );
        assert.deepEqual([allowed.status, (await allowed.json()).purged], [200, 7]);
        assert.equal(await queueDepth(v.queue, v.url), 0, "purged in that vhost");
      } finally {
        await scoped.close();
      }

      const unknown = await fetch(`${monitor.url}/api/queues?vhost=no-such-vhost`);
      assert.equal(unknown.status, 404);
      assert.match((await unknown.json()).error, /no virtual host named 'no-such-vhost'/);
    } finally {
      await monitor.close();
    }
  });
});

for (const device of DEVICES) {
  Deno.test(`the vhost selector on a ${device.name}: pick a vhost, see its queues`, async () => {
    await withVhost(3, async (v) => {
      const monitor = await startTestMonitor();
      const browser = await launchBrowser();
      try {
        const { page, errors } = await openPage(browser.context, device);
        await page.goto(`${monitor.url}/?name=${encodeURIComponent(v.queue)}`);
        await page.selectOption(".vhost-select select", v.name);
        await page.click(".vhost-select button");
        await page.waitForURL(`${monitor.url}/`);
        assert.equal(await page.locator(".vhost-select select").inputValue(), v.name);
        await page.fill(".table-tools input[type=search]", v.queue);
        await page.locator(`.queue-table tr[data-queue="${v.queue}"] [data-field="ready"]`, {
          hasText: "3",
        }).waitFor({ timeout: UI_TIMEOUT });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= device.width, `the page is ${width} px wide`);
        await page.screenshot({ path: `${ARTIFACTS}vhost-${device.name}.png`, fullPage: true });
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
        await monitor.close();
      }
    });
  });
}

for (const device of DEVICES) {
  Deno.test(`the vhosts page on a ${device.name}: each vhost with its depth, Show switches`, async () => {
    await withVhost(5, async (v) => {
      const monitor = await startTestMonitor();
      const browser = await launchBrowser();
      try {
        const { page, errors } = await openPage(browser.context, device);
        const row = page.locator(`table.vhosts tr[data-vhost="${v.name}"]`);
        // The management API counts a vhost's messages every few seconds: load until it has.
        await eventually(
          "the test vhost's 5 ready messages on /vhosts",
          async () => {
            await page.goto(`${monitor.url}/vhosts`);
            const ready = await row.locator('[data-field="ready"]').textContent();
            return ready === "5" || undefined;
          },
          UI_TIMEOUT,
          async () => `its row reads: ${await page.locator("table.vhosts").innerText()}`,
        );
        assert.equal(
          await page.locator('table.vhosts tr[data-vhost="/"] td').last().textContent(),
          "shown",
          "the vhost the pages show has no button",
        );
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= device.width, `the page is ${width} px wide`);
        await page.screenshot({ path: `${ARTIFACTS}vhosts-${device.name}.png`, fullPage: true });
        await row.locator("button", { hasText: "Show" }).click();
        await page.waitForURL(`${monitor.url}/`);
        assert.equal(await page.locator(".vhost-select select").inputValue(), v.name);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
        await monitor.close();
      }
    });
  });
}

Deno.test("the overview's rates are the selected vhost's own, as the management API counts them", async () => {
  const busy = testTopology("vhost-rates-busy");
  await withVhost(3, async (v) => {
    const monitor = await startTestMonitor();
    // Traffic in the default vhost only: the selected vhost must not show it.
    const publisher = spawnScript("produce", [
      ...busy.flags,
      "--count",
      "100000",
      "--rate",
      "300",
    ]);
    try {
      const overview = async (vhost?: string): Promise<Snapshot> =>
        await (await fetch(
          `${monitor.url}/api/overview${vhost ? `?vhost=${encodeURIComponent(vhost)}` : ""}`,
        )).json();
      const busyRate = await eventually("the default vhost's publish rate to show", async () => {
        const rate = (await overview()).rates.publish;
        return rate > 50 ? rate : undefined;
      }, 30_000);
      // The management API counts a queue's messages a moment after they arrive.
      const quiet = await eventually(
        "the selected vhost's own 3 messages",
        async () => {
          const snap = await overview(v.name);
          return snap.totals.ready === 3 ? snap : undefined;
        },
      );
      const api = await (await fetch(`${MANAGEMENT_URL}/api/vhosts/${encodeURIComponent(v.name)}`, {
        headers: { authorization: `Basic ${btoa("guest:guest")}` },
      })).json();
      const apiRate = api.message_stats?.publish_details?.rate ?? 0;
      assert.ok(
        quiet.rates.publish < 5,
        `vhost ${v.name}: ${quiet.rates.publish}/s while '/' has ${busyRate}/s`,
      );
      assert.ok(
        Math.abs(quiet.rates.publish - apiRate) < 5,
        `monitor ${quiet.rates.publish}, API ${apiRate}`,
      );
    } finally {
      publisher.kill("SIGINT");
      await publisher.done;
      await monitor.close();
      await busy.cleanup();
    }
  });
});
