/**
 * Policies through the monitor, against the real broker: listed with the queues they apply to,
 * a pattern previewed before it is saved, created (the queues it matches show it), and deleted;
 * the same in Chromium; refused without `--allow policies`.
 */
import assert from "node:assert/strict";
import { eventually, management, uniqueName } from "./helpers.ts";
import { DEVICES, launchBrowser, openPage, UI_TIMEOUT, waitForText } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

/** Two queues of the test's own (and one that the pattern misses), deleted afterwards. */
async function withQueues(prefix: string, fn: (base: string, queues: string[]) => Promise<void>) {
  const base = uniqueName(prefix);
  const queues = [`${base}.a`, `${base}.b`];
  const other = `${base}-other`;
  const vhost = encodeURIComponent(management.vhost);
  const policy = `${base}.policy`;
  try {
    for (const q of [...queues, other]) {
      await management.request("PUT", `queues/${vhost}/${encodeURIComponent(q)}`, {
        durable: false,
      });
    }
    await fn(base, queues);
  } finally {
    await management.request("DELETE", `policies/${vhost}/${encodeURIComponent(policy)}`)
      .catch(() => {});
    for (const q of [...queues, other]) await management.deleteQueue(q);
  }
}

const escape = (s: string) => s.replaceAll(".", "\\.");

Deno.test("policies API: previewed, created (its queues show it), listed, deleted; refused without --allow", async () => {
  await withQueues("policies-api", async (base, queues) => {
    const plain = await startTestMonitor();
    const monitor = await startTestMonitor({ allow: ["policies"] });
    const name = `${base}.policy`;
    const path = `/api/policies/${encodeURIComponent(name)}`;
    const body = {
      pattern: `^${escape(base)}\\.`,
      apply_to: "queues",
      priority: 900,
      definition: { "max-length": 5 },
    };
    const put = (m: typeof monitor) =>
      fetch(`${m.url}${path}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    try {
      const refused = await put(plain);
      assert.equal(refused.status, 403);
      assert.match((await refused.json()).error, /--allow policies/);

      const preview = await (await fetch(
        `${monitor.url}/api/policies/preview?${new URLSearchParams({ pattern: body.pattern })}`,
      )).json();
      assert.deepEqual(preview.queues.sort(), queues);
      const badPattern = await fetch(`${monitor.url}/api/policies/preview?pattern=(a`);
      assert.equal(badPattern.status, 400);
      await badPattern.body?.cancel();

      const created = await put(monitor);
      assert.equal(created.status, 201, await created.text());
      await eventually(
        "the broker to apply the policy to both queues",
        async () => {
          const listed = (await (await fetch(`${monitor.url}/api/policies`)).json()).policies;
          const mine = listed.find((p: { name: string }) => p.name === name);
          return mine?.queues.sort().join() === queues.join() ? true : undefined;
        },
        UI_TIMEOUT,
      );
      // The queue's own page reads its statistics, which follow a few seconds later.
      await eventually(
        "the queue's statistics to name the policy",
        async () => (await management.queue(queues[0]))?.policy === name || undefined,
        UI_TIMEOUT,
      );

      const bad = await fetch(`${monitor.url}${path}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...body, definition: {} }),
      });
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).error, /'definition' takes an object/);

      const deleted = await fetch(`${monitor.url}${path}`, { method: "DELETE" });
      assert.equal(deleted.status, 200, await deleted.text());
      const again = await fetch(`${monitor.url}${path}`, { method: "DELETE" });
      assert.equal(again.status, 404);
      await again.body?.cancel();
      const actions = (await (await fetch(`${monitor.url}/api/actions`)).json()).actions;
      assert.deepEqual(
        actions.slice(0, 3).map((a: { action: string; result: string }) =>
          `${a.action} ${a.result}`
        ),
        ["delete policy refused", "delete policy done", "set policy refused"],
      );
    } finally {
      await plain.close();
      await monitor.close();
    }
  });
});

Deno.test("in the page: a policy is previewed, saved, shown on its queues, and deleted", async () => {
  await withQueues("policies-page", async (base, queues) => {
    const monitor = await startTestMonitor({ allow: ["policies"] });
    const browser = await launchBrowser();
    const name = `${base}.policy`;
    try {
      const { page, errors } = await openPage(browser.context, DEVICES[0]);
      await page.goto(`${monitor.url}/policies`);
      await page.fill(".policy-form input[name=policy-name]", name);
      await page.fill(".policy-form input[name=pattern]", `^${escape(base)}\\.`);
      await page.fill(".policy-form input[name=priority]", "900");
      await page.fill(".policy-form input[name=definition]", '{"max-length": 5}');
      await page.click(".policy-form button:text('Preview')");
      await waitForText(page, '[data-field="preview"]', `matches 2: ${queues.join(", ")}`);
      await page.click(".policy-form button[type=submit]");
      const row = page.locator(`tr[data-policy="${name}"]`);
      await eventually("the policy's queues on the page", async () => {
        await page.reload();
        const shown = await row.locator('[data-field="policy-queues"]').textContent({
          timeout: 2_000,
        });
        return shown === queues.join(", ") ? true : undefined;
      }, UI_TIMEOUT);
      await eventually(
        "the queue's statistics to name the policy",
        async () => (await management.queue(queues[1]))?.policy === name || undefined,
        UI_TIMEOUT,
      );

      await row.locator("button.danger").click();
      await page.click('[data-confirm="delete-policy"]');
      await row.waitFor({ state: "detached" });
      const vhost = encodeURIComponent(management.vhost);
      const left = await management.request<{ name: string }[]>("GET", `policies/${vhost}`);
      assert.ok(!left.some((p) => p.name === name), "the policy is gone from the broker");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await monitor.close();
    }
  });
});
