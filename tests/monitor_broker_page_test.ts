/**
 * The broker page in Chromium, beside the management API's own answers: feature flags and their
 * state, the deprecated features in use (4.x: a transient non-exclusive queue, named, and gone
 * once deleted; 3.x: one line saying the endpoint is missing), vhost limits, users with their
 * tags and permissions and never a password hash; and one line for what the management user may
 * not read.
 */
import assert from "node:assert/strict";
import {
  AMQP_URL,
  brokerIsAtLeast,
  eventually,
  management,
  uniqueName,
  withTestVhost,
} from "./helpers.ts";
import { ARTIFACTS, launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import { parseAmqpUrl } from "../lib/config.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

const vhost = encodeURIComponent(parseAmqpUrl(AMQP_URL).vhost);

Deno.test("broker page: flags, deprecated features in use, limits, users and permissions as the API has them", async () => {
  await withTestVhost("broker-page", async (testVhost) => {
    const v = encodeURIComponent(testVhost.name);
    await management.request("PUT", `vhost-limits/${v}/max-queues`, { value: 7 });
    const transient = uniqueName("transient");
    const t = encodeURIComponent(transient);
    const four = await brokerIsAtLeast("4.0");
    // A transient, non-exclusive queue: deprecated since 4.0, permitted by default on 4.3.
    await management.request("PUT", `queues/${vhost}/${t}`, { durable: false });
    const monitor = await startTestMonitor();
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${monitor.url}/broker`);
      await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });

      // Feature flags: every one the API lists, each with its state.
      const flags = await management.request<{ name: string; state: string }[]>(
        "GET",
        "feature-flags",
      );
      assert.ok(flags.length > 0, "the broker lists feature flags");
      assert.equal(await page.locator("[data-flag]").count(), flags.length);
      for (const flag of flags.slice(0, 5)) {
        assert.equal(
          await page.locator(`[data-flag="${flag.name}"] [data-field="state"]`).textContent(),
          flag.state,
          flag.name,
        );
      }

      // Vhost limits, as set.
      assert.equal(
        await page.locator(`[data-field="vhost-limits"] [data-vhost="${testVhost.name}"] td`)
          .nth(1).textContent(),
        "max-queues: 7",
      );

      // Users: tags and this vhost's permissions, and no password hash anywhere in the page.
      const users = await management.request<{ name: string; password_hash: string }[]>(
        "GET",
        "users",
      );
      const guest = page.locator('[data-user="guest"]');
      assert.equal(await guest.locator('[data-field="tags"]').textContent(), "administrator");
      assert.equal(
        await guest.locator(`[data-field="permissions"] [data-vhost="${testVhost.name}"]`)
          .textContent(),
        `${testVhost.name}: .* / .* / .*`,
      );
      const html = await page.content();
      for (const user of users) {
        if (user.password_hash) assert.ok(!html.includes(user.password_hash), user.name);
      }

      const deprecated = page.locator('[data-field="deprecated"]');
      if (four) {
        const inUse = page.locator(
          `[data-feature="transient_nonexcl_queues"] [data-queue="${transient}"]`,
        );
        assert.equal(await inUse.count(), 1, "the transient queue is named as what uses it");
        await page.screenshot({ path: `${ARTIFACTS}broker.png`, fullPage: true });

        await management.deleteQueue(transient);
        // The broker's own answer decides whether the feature is still in use (another user of
        // the shared broker may hold a transient queue); ours is no longer named either way.
        const used = await eventually("the page to drop the deleted queue", async () => {
          await page.reload();
          await page.waitForSelector('[data-field="deprecated"]');
          return await inUse.count() === 0 ? true : undefined;
        });
        assert.ok(used);
        const stillUsed = (await management.request<{ name: string }[]>(
          "GET",
          "deprecated-features/used",
        )).some((d) => d.name === "transient_nonexcl_queues");
        assert.equal(
          await page.locator('[data-feature="transient_nonexcl_queues"]').count(),
          stillUsed ? 1 : 0,
          `the API says transient_nonexcl_queues is ${stillUsed ? "" : "not "}in use`,
        );
      } else {
        // 3.x has no deprecated-features endpoint: one line says so.
        assert.equal(await deprecated.getAttribute("data-unreadable"), "true");
        assert.match(await deprecated.textContent() ?? "", /no deprecated features endpoint/);
        await page.screenshot({ path: `${ARTIFACTS}broker-3x.png`, fullPage: true });
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await monitor.close();
      await management.deleteQueue(transient);
    }
  });
});

Deno.test("broker page: what a monitoring user may not read is said in one line", async () => {
  const user = uniqueName("monitoring");
  const password = `pw-${crypto.randomUUID()}`;
  const u = encodeURIComponent(user);
  await management.request("PUT", `users/${u}`, { password, tags: "monitoring" });
  await management.request("PUT", `permissions/${vhost}/${u}`, {
    configure: "",
    write: "",
    read: ".*",
  });
  const amqp = new URL(AMQP_URL);
  amqp.username = user;
  amqp.password = password;
  const monitor = await startTestMonitor({ amqpUrl: amqp.href });
  try {
    const response = await fetch(`${monitor.url}/broker`);
    const html = await response.text();
    assert.equal(response.status, 200);
    // /api/users and /api/permissions need the administrator tag.
    assert.match(
      html,
      /The management user may not read the users \(it needs the administrator tag\)\./,
    );
    assert.doesNotMatch(html, /<table[^>]*data-field="users"/, "no empty users table");
  } finally {
    await monitor.close();
    await management.request("DELETE", `users/${u}`);
  }
});
