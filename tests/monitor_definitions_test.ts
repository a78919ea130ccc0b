/**
 * Definitions through the monitor, in a vhost of the test's own: an export re-imported with a
 * dry run lists no changes; a changed file lists what it would create and change, and applying
 * it creates them; the same dry run in Chromium; import refused without `--allow definitions`.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { ManagementClient } from "../lib/management/mod.ts";
import { MANAGEMENT_URL, withConnection, withTestVhost } from "./helpers.ts";
import { DEVICES, launchBrowser, openPage, waitForText } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

/** A queue, an exchange bound to it and a policy in `vhost`. */
async function furnish(vhost: string): Promise<ManagementClient> {
  const api = new ManagementClient({
    baseUrls: [MANAGEMENT_URL],
    username: "guest",
    password: "guest",
    vhost,
  });
  const v = encodeURIComponent(vhost);
  await api.request("PUT", `queues/${v}/orders`, { durable: true, arguments: {} });
  await api.request("PUT", `exchanges/${v}/events`, { type: "topic", durable: true });
  await api.request("POST", `bindings/${v}/e/events/q/orders`, { routing_key: "orders.#" });
  await api.request("PUT", `policies/${v}/cap`, {
    pattern: "^orders$",
    "apply-to": "queues",
    definition: { "max-length": 100 },
  });
  return api;
}

Deno.test("definitions: an export re-imported with a dry run lists no changes; a changed one lists and applies them", async () => {
  await withTestVhost("definitions", async ({ name }) => {
    const api = await furnish(name);
    const plain = await startTestMonitor();
    const monitor = await startTestMonitor({ allow: ["definitions"] });
    const vhost = encodeURIComponent(name);
    const post = (m: typeof monitor, file: unknown, dryRun: boolean) =>
      fetch(`${m.url}/api/definitions?vhost=${vhost}&dry_run=${dryRun}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(file),
      });
    try {
      const exported = await fetch(`${monitor.url}/api/definitions?vhost=${vhost}`);
      assert.match(exported.headers.get("content-disposition") ?? "", /attachment/);
      const file = await exported.json();
      assert.deepEqual(file.queues.map((q: { name: string }) => q.name), ["orders"]);

      const refused = await post(plain, file, true);
      assert.equal(refused.status, 403);
      assert.match((await refused.json()).error, /--allow definitions/);
      const whole = await fetch(`${plain.url}/api/definitions?whole_broker=true`);
      assert.equal(whole.status, 403);
      await whole.body?.cancel();

      const same = await (await post(monitor, file, true)).json();
      assert.deepEqual([same.changes, same.unchanged], [[], 4], JSON.stringify(same));

      const changed = structuredClone(file);
      changed.queues.push({ ...file.queues[0], name: "orders.eu" });
      changed.policies[0].priority = 5;
      const plan = await (await post(monitor, changed, true)).json();
      assert.deepEqual(plan.changes, [
        { kind: "queue", name: "orders.eu", change: "create" },
        { kind: "policy", name: "cap", change: "change", fields: ["priority"] },
      ]);
      assert.equal(await api.queue("orders.eu"), undefined, "a dry run changes nothing");

      const applied = await post(monitor, changed, false);
      assert.equal(applied.status, 200, await applied.text());
      assert.ok(await api.queue("orders.eu"), "the new queue exists");
      const after = await (await post(monitor, changed, true)).json();
      assert.deepEqual(after.changes, []);
      const actions = (await (await fetch(`${monitor.url}/api/actions`)).json()).actions;
      assert.equal(actions[1].action, "import definitions");
    } finally {
      await plain.close();
      await monitor.close();
    }
  });
});

Deno.test("a vhost of 1,500 queues: its export, larger than other request bodies may be, re-imports with no changes", async () => {
  await withTestVhost("definitions-large", async ({ name, url }) => {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      for (let i = 0; i < 1_500; i++) {
        await ch.queueDeclare(`orders.region-${i}.priority-work`, { durable: true }, {
          "x-max-length": 10_000,
        });
      }
    }, url);
    const monitor = await startTestMonitor({ allow: ["definitions"] });
    try {
      const vhost = encodeURIComponent(name);
      const file = await (await fetch(`${monitor.url}/api/definitions?vhost=${vhost}`)).text();
      assert.ok(file.length > 144 * 1024, `the export is ${file.length} bytes`);
      const dry = await fetch(`${monitor.url}/api/definitions?vhost=${vhost}&dry_run=true`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: file,
      });
      assert.equal(dry.status, 200, await dry.clone().text());
      const plan = await dry.json();
      assert.deepEqual([plan.changes, plan.unchanged], [[], 1_500]);
    } finally {
      await monitor.close();
    }
  });
});

Deno.test("in the page: an exported file's dry run says no changes", async () => {
  await withTestVhost("definitions-page", async ({ name }) => {
    await furnish(name);
    const monitor = await startTestMonitor({ allow: ["definitions"] });
    const browser = await launchBrowser();
    try {
      const vhost = encodeURIComponent(name);
      const file = await (await fetch(`${monitor.url}/api/definitions?vhost=${vhost}`)).text();
      const { page, errors } = await openPage(browser.context, DEVICES[0]);
      await page.goto(`${monitor.url}/definitions?vhost=${vhost}`);
      await page.setInputFiles(".definitions-import input[type=file]", {
        name: "definitions.json",
        mimeType: "application/json",
        buffer: Buffer.from(file),
      });
      await page.click(".definitions-import button:text('Dry run')");
      await waitForText(page, '[data-field="plan-summary"]', "no changes (4 the same)");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await monitor.close();
    }
  });
});
