/**
 * The console's actions done in Chromium as an operator does them, each seen on the broker
 * through the management API: a binding added and removed on an exchange's page, an exchange
 * deleted, a connection of another client (one this test opened) closed with a reason that
 * client sees; each on `/actions`. Without `--allow` the controls are disabled with the flag.
 */
import assert from "node:assert/strict";
import { AMQPClient } from "@cloudamqp/amqp-client";
import { AMQP_URL, eventually, management, uniqueName } from "./helpers.ts";
import { DEVICES, launchBrowser, openPage, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

const desktop = DEVICES[0];

/** A topic exchange and a queue of the test's own, deleted afterwards. */
async function withPair(prefix: string, fn: (x: string, q: string) => Promise<void>) {
  const x = uniqueName(`${prefix}.x`);
  const q = uniqueName(`${prefix}.q`);
  const vhost = encodeURIComponent(management.vhost);
  try {
    await management.request("PUT", `exchanges/${vhost}/${encodeURIComponent(x)}`, {
      type: "topic",
      durable: false,
    });
    await management.request("PUT", `queues/${vhost}/${encodeURIComponent(q)}`, {
      durable: false,
      auto_delete: false,
    });
    await fn(x, q);
  } finally {
    await management.deleteQueue(q);
    await management.deleteExchange(x);
  }
}

/** The test's bindings from `x`, as "queue:key". */
async function bindingsFrom(x: string, q: string): Promise<string[]> {
  return (await management.queueBindings(q)).filter((b) => b.source === x)
    .map((b) => `${b.destination_type}:${b.routing_key}`);
}

Deno.test("in the page: a binding is added and removed, the exchange deleted, each on /actions", async () => {
  await withPair("console-page", async (x, q) => {
    const monitor = await startTestMonitor({ allow: ["topology"] });
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser.context, desktop);
      await page.goto(`${monitor.url}/exchanges/${encodeURIComponent(x)}`);
      await page.fill(".add-binding input[name=destination]", q);
      await page.fill(".add-binding input[name=routing-key]", "orders.eu.#");
      await page.click(".add-binding button[type=submit]");
      await page.locator(`tr[data-binding="queue:${q}:orders.eu.#"]`).waitFor();
      assert.deepEqual(await bindingsFrom(x, q), ["queue:orders.eu.#"]);

      await page.click(`tr[data-binding="queue:${q}:orders.eu.#"] button[data-remove]`);
      await page.click('[data-confirm="remove-binding"]');
      await eventually(
        "the binding gone from the broker",
        async () => (await bindingsFrom(x, q)).length === 0 || undefined,
        UI_TIMEOUT,
        async () => (await bindingsFrom(x, q)).join(", "),
      );
      await page.locator(`tr[data-binding]`).first().waitFor({ state: "detached" });

      await page.click(".exchange-actions button.danger");
      await page.click('[data-confirm="delete-exchange"]');
      await page.waitForURL(`${monitor.url}/exchanges`);
      assert.equal(await management.exchange(x), undefined, "the exchange is gone");

      await page.goto(`${monitor.url}/actions`);
      const rows = page.locator("table.actions-log tbody tr");
      const texts = await rows.allInnerTexts();
      assert.equal(texts.length, 3, texts.join("\n"));
      assert.match(texts[0], /delete exchange\s+exchange '.*'\s+done 200/);
      assert.match(
        texts[1],
        /remove binding\s+exchange '.*' → queue '.*' \(key 'orders\.eu\.#'\)\s+done 200/,
      );
      assert.match(texts[2], /add binding\s+.*done 201/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await monitor.close();
    }
  });
});

Deno.test("in the page without --allow: the binding and exchange controls are disabled, naming the flag", async () => {
  await withPair("console-off", async (x) => {
    const monitor = await startTestMonitor();
    const browser = await launchBrowser();
    try {
      const { page } = await openPage(browser.context, desktop);
      await page.goto(`${monitor.url}/exchanges/${encodeURIComponent(x)}`);
      await page.fill(".add-binding input[name=destination]", "anything");
      assert.equal(await page.locator(".add-binding button[type=submit]").isDisabled(), true);
      assert.equal(await page.locator(".exchange-actions button.danger").isDisabled(), true);
      assert.match(
        await page.locator('[data-field="bindings-refused"]').innerText(),
        /start the monitor with --allow topology/,
      );
    } finally {
      await browser.close();
      await monitor.close();
    }
  });
});

Deno.test("in the page: another client's connection is closed and that client sees the reason", async () => {
  const name = uniqueName("console-page-close");
  const url = new URL(AMQP_URL);
  url.searchParams.set("name", name);
  const client = new AMQPClient(url.toString());
  const closed = new Promise<string>((resolve) => (client.onerror = (e) => resolve(e.message)));
  await client.connect();
  const monitor = await startTestMonitor({ allow: ["connections"] });
  const browser = await launchBrowser();
  try {
    const broker = await eventually("the test's connection listed", async () => {
      const all = await management.connections();
      return all.find((c) => c.client_properties?.connection_name === name)?.name;
    });
    const { page, errors } = await openPage(browser.context, desktop);
    // The page lists what the last poll saw: reload until it has this test's connection.
    await eventually("the connection offered in the page", async () => {
      await page.goto(`${monitor.url}/connections`);
      return await page.locator(`select[name=connection] option[value="${broker}"]`).count() ||
        undefined;
    }, UI_TIMEOUT);
    await page.selectOption("select[name=connection]", broker);
    await page.fill(".connection-close input[name=reason]", "rolling restart of the workers");
    await page.click(".connection-close button.danger");
    await page.click('[data-confirm="close-connection"]');
    await page.locator(".connection-close .result.ok").waitFor();
    const seen = await Promise.race([
      closed,
      new Promise<string>((_, reject) =>
        setTimeout(() => reject(new Error("the client saw no close")), UI_TIMEOUT)
      ),
    ]);
    assert.match(seen, /CONNECTION_FORCED - rolling restart of the workers/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await client.close().catch(() => {});
  }
});

Deno.test("in the page: an exchange and a quorum queue are declared with their arguments", async () => {
  const x = uniqueName("console-declare-page.x");
  const q = uniqueName("console-declare-page.q");
  const monitor = await startTestMonitor({ allow: ["topology"] });
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser.context, desktop);
    await page.goto(`${monitor.url}/exchanges`);
    await page.fill(".declare-exchange input[name=name]", x);
    await page.selectOption(".declare-exchange select[name=type]", "topic");
    await page.fill(".declare-exchange input[name=alternate_exchange]", "amq.fanout");
    await page.click(".declare-exchange button[type=submit]");
    await page.waitForURL(`${monitor.url}/exchanges/${encodeURIComponent(x)}`);
    const exchange = await management.exchange(x);
    assert.deepEqual([exchange?.type, exchange?.arguments?.["alternate-exchange"]], [
      "topic",
      "amq.fanout",
    ]);

    await page.goto(`${monitor.url}/exchanges`);
    await page.fill(".declare-queue input[name=name]", q);
    await page.selectOption(".declare-queue select[name=type]", "quorum");
    await page.fill(".declare-queue input[name=delivery_limit]", "3");
    await page.fill(".declare-queue input[name=max_length]", "50");
    await page.selectOption(".declare-queue select[name=overflow]", "reject-publish");
    await page.click(".declare-queue button[type=submit]");
    await page.waitForURL(`${monitor.url}/queues/${encodeURIComponent(q)}`);
    const queue = await management.queue(q);
    assert.equal(queue?.type, "quorum");
    assert.deepEqual(
      [queue?.arguments?.["x-delivery-limit"], queue?.arguments?.["x-max-length"]],
      [3, 50],
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await management.deleteQueue(q);
    await management.deleteExchange(x);
  }
});

Deno.test("the console's pages fit a 390 px phone", async () => {
  await withPair("console-phone", async (x) => {
    const monitor = await startTestMonitor({
      allow: ["topology", "connections", "policies", "definitions"],
    });
    const browser = await launchBrowser();
    // A client with a long connection name: its row and its option must not widen the page.
    const named = new URL(AMQP_URL);
    named.searchParams.set("name", `a-client-with-a-long-name-${"x".repeat(120)}`);
    const longNamed = new AMQPClient(named.href);
    await longNamed.connect();
    try {
      const { page, errors } = await openPage(browser.context, DEVICES[1]);
      await eventually("the long-named connection listed", async () => {
        const s = await (await fetch(`${monitor.url}/api/overview`)).json();
        return s.connections?.some((c: { clientName?: string }) =>
          c.clientName?.startsWith("a-client-with-a-long-name")
        ) || undefined;
      });
      for (
        const path of [
          "/exchanges",
          `/exchanges/${encodeURIComponent(x)}`,
          "/connections",
          "/policies",
          "/definitions",
          "/actions",
        ]
      ) {
        await page.goto(`${monitor.url}${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= DEVICES[1].width, `${path} is ${width} px wide`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await longNamed.close().catch(() => {});
      await browser.close();
      await monitor.close();
    }
  });
});
