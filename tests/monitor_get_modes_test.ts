/**
 * "Get messages" with the management UI's ack modes, against the real broker: requeue leaves
 * them, ack takes them, reject without requeue dead-letters them; the same in Chromium, where
 * taking asks first. Outside the write scope: 403.
 */
import assert from "node:assert/strict";
import { management, queueDepth, uniqueName, withConnection } from "./helpers.ts";
import { DEVICES, launchBrowser, openPage } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

/** A queue bound from the test's exchange, dead-lettering into its DLQ, holding `count`. */
async function withQueue(
  prefix: string,
  count: number,
  fn: (names: { x: string; q: string; dlq: string }) => Promise<void>,
) {
  const q = uniqueName(prefix);
  const x = `${q}.x`;
  const dlq = `${q}.dlq`;
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.exchangeDeclare(x, "direct", { durable: false });
      await ch.queueDeclare(dlq, { durable: false });
      await ch.queueDeclare(q, { durable: false }, {
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": dlq,
      });
      await ch.queueBind(q, x, "k");
      await ch.confirmSelect();
      for (let i = 0; i < count; i++) await ch.basicPublish(x, "k", `m${i}`);
    });
    await fn({ x, q, dlq });
  } finally {
    await management.deleteQueue(q);
    await management.deleteQueue(dlq);
    await management.deleteExchange(x);
  }
}

Deno.test("POST /api/queues/NAME/get: requeue leaves, ack takes, reject dead-letters; bad modes and scope refused", async () => {
  await withQueue("get-modes", 6, async ({ x, q, dlq }) => {
    const outside = await startTestMonitor();
    const monitor = await startTestMonitor({ publishExchanges: [x] });
    try {
      const get = (m: typeof monitor, body: unknown) =>
        fetch(`${m.url}/api/queues/${encodeURIComponent(q)}/get`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const refused = await get(outside, { count: 2, ack_mode: "ack" });
      assert.equal(refused.status, 403);
      await refused.body?.cancel();
      const bad = await get(monitor, { count: 2, ack_mode: "drop" });
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).error, /'ack_mode' takes requeue, ack, reject/);

      const requeued = await (await get(monitor, { count: 2, ack_mode: "requeue" })).json();
      assert.deepEqual(requeued.messages.map((m: { body: string }) => m.body), ["m0", "m1"]);
      assert.equal(await queueDepth(q), 6);
      const taken = await (await get(monitor, { count: 2, ack_mode: "ack" })).json();
      assert.deepEqual(taken.messages.map((m: { body: string }) => m.body), ["m0", "m1"]);
      assert.equal(await queueDepth(q), 4);
      const rejected = await (await get(monitor, { count: 3, ack_mode: "reject" })).json();
      assert.deepEqual(rejected.messages.map((m: { body: string }) => m.body), ["m2", "m3", "m4"]);
      assert.equal(await queueDepth(q), 1);
      assert.equal(await queueDepth(dlq), 3);
      const actions = (await (await fetch(`${monitor.url}/api/actions`)).json()).actions;
      assert.deepEqual(actions.slice(0, 3).map((a: { action: string }) => a.action), [
        "get messages (reject)",
        "get messages (ack)",
        "get messages (requeue)",
      ]);
    } finally {
      await outside.close();
      await monitor.close();
    }
  });
});

Deno.test("in the page: Get messages with ack asks first, then takes them", async () => {
  await withQueue("get-modes-page", 3, async ({ x, q }) => {
    const monitor = await startTestMonitor({ publishExchanges: [x] });
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser.context, DEVICES[0]);
      await page.goto(`${monitor.url}/queues/${encodeURIComponent(q)}`);
      await page.fill(".get-messages input[name=count]", "2");
      await page.selectOption(".get-messages select[name=ack-mode]", "ack");
      await page.click(".get-messages button[type=submit]");
      assert.equal(await queueDepth(q), 3, "nothing taken before the confirmation");
      await page.click('.get-messages [data-confirm="get"]');
      await page.locator(".get-messages tbody tr").nth(1).waitFor();
      assert.equal(await queueDepth(q), 1);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await monitor.close();
    }
  });
});
