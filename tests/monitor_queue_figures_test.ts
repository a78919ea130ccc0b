/**
 * A queue's page in Chromium shows its message bytes, memory and (quorum queues) delivery limit
 * as the management API gives them: on 4.x the broker's default limit of 20, named as such; on
 * 3.x no limit unless one is set.
 */
import assert from "node:assert/strict";
import {
  AMQP_URL,
  brokerIsAtLeast,
  eventually,
  management,
  MANAGEMENT_URL,
  uniqueName,
} from "./helpers.ts";
import { parseAmqpUrl } from "../lib/config.ts";
import { ARTIFACTS, launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import { formatBytes, formatInteger, type QueueInfo } from "../lib/shared/mod.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

const vhost = encodeURIComponent(parseAmqpUrl(AMQP_URL).vhost);

async function api(path: string, method = "GET", body?: unknown): Promise<unknown> {
  const response = await fetch(`${MANAGEMENT_URL}/api/${path}`, {
    method,
    headers: { authorization: `Basic ${btoa("guest:guest")}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

Deno.test("queue page: a quorum queue's bytes, memory and delivery limit match the management API", async () => {
  const queue = uniqueName("figures");
  const limited = uniqueName("figures-limited");
  const q = encodeURIComponent(queue);
  await api(`queues/${vhost}/${q}`, "PUT", {
    durable: true,
    arguments: { "x-queue-type": "quorum" },
  });
  await api(`queues/${vhost}/${encodeURIComponent(limited)}`, "PUT", {
    durable: true,
    arguments: { "x-queue-type": "quorum", "x-delivery-limit": 5 },
  });
  const monitor = await startTestMonitor();
  const browser = await launchBrowser();
  try {
    for (let i = 0; i < 3; i++) {
      await api(`exchanges/${vhost}/amq.default/publish`, "POST", {
        properties: {},
        routing_key: queue,
        payload: "x".repeat(1000),
        payload_encoding: "string",
      });
    }
    // The broker's own figures once its statistics counted the three messages.
    let last = "";
    const info = await eventually(
      "the broker to count 3 messages ready",
      async () => {
        const seen = await api(`queues/${vhost}/${q}`) as QueueInfo & Record<string, unknown>;
        last = `messages_ready ${seen.messages_ready}, bytes ${seen.message_bytes_ready}`;
        return seen.messages_ready === 3 && Number(seen.message_bytes_ready) >= 3000
          ? seen
          : undefined;
      },
      20_000,
      () => last,
    );
    // The broker's count includes a few bytes per message beyond the body (quorum queues).
    const bytesReady = Number(info.message_bytes_ready);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${monitor.url}/queues/${q}`);
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    const field = (name: string) => page.locator(`[data-field="figures"] [data-field="${name}"]`);
    assert.equal(
      await field("bytes-ready").textContent(),
      `${formatBytes(bytesReady)} (${formatInteger(bytesReady)} B)`,
    );
    assert.equal(await field("bytes-unacked").textContent(), "0 B");
    assert.match(await field("memory").textContent() ?? "", /^[\d.]+ KB \([\d,]+ B\)$/);
    assert.ok(typeof info.memory === "number" && info.memory > 0, "the broker gives memory");
    assert.equal(await field("utilisation").textContent(), "— (no consumers)");
    const expected = await brokerIsAtLeast("4.0")
      ? `${info.delivery_limit} (the broker's default)`
      : "unlimited (none set)";
    if (await brokerIsAtLeast("4.0")) assert.equal(info.delivery_limit, 20);
    assert.equal(await field("delivery-limit").textContent(), expected);
    await page.screenshot({ path: `${ARTIFACTS}queue-figures.png`, fullPage: true });

    await page.goto(`${monitor.url}/queues/${encodeURIComponent(limited)}`);
    await page.waitForSelector(".live.on", { timeout: UI_TIMEOUT });
    assert.equal(await field("delivery-limit").textContent(), "5 (x-delivery-limit argument)");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await management.deleteQueue(queue);
    await management.deleteQueue(limited);
  }
});
