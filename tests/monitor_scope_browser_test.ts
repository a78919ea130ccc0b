/**
 * The queue page offers only what the server will do, in a real Chromium: on a queue outside
 * the write scope every action is disabled with the reason, on a stream the actions a stream
 * cannot take are absent, and on a queue in scope every enabled action succeeds.
 */
import assert from "node:assert/strict";
import { eventually, produceOk, queueDepth, testTopology } from "./helpers.ts";
import { ARTIFACTS, launchBrowser, UI_TIMEOUT } from "./browser.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

await Deno.mkdir(ARTIFACTS, { recursive: true });

/** The queue page's action buttons, by what they say. */
const BUTTONS = {
  purge: ".queue-actions button:text-is('Purge')",
  move: ".queue-actions button:text-is('Move messages')",
  delete: ".queue-actions button:text-is('Delete')",
  get: ".get-messages button[type=submit]",
  consume: ".browser-consumer button",
  publish: "form.publish button[type=submit]",
};

Deno.test("queue page: actions outside the write scope are disabled with the reason; streams show only what they can do", async () => {
  const outside = testTopology("scope-outside");
  const stream = testTopology("scope-stream");
  await produceOk([...outside.flags, "--audit-queue", "", "--count", "3"]);
  await produceOk([...stream.flags, "--audit-queue", "", "--queue-type", "stream", "--count", "2"]);
  // In scope: the stream's exchange only.
  const monitor = await startTestMonitor({ publishExchanges: [stream.exchange] });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    await page.goto(`${monitor.url}/queues/${encodeURIComponent(outside.queue)}`);
    await page.waitForSelector('[data-field="actions-refused"]', { timeout: UI_TIMEOUT });
    for (const [name, selector] of Object.entries(BUTTONS)) {
      assert.ok(await page.locator(selector).isDisabled(), `${name} is disabled out of scope`);
    }
    assert.match(
      await page.locator('[data-field="actions-refused"]').innerText(),
      new RegExp(
        `queue '${outside.queue.replaceAll(".", "\\.")}' is outside this monitor's write scope`,
      ),
    );
    assert.match(
      await page.locator('[data-field="publish-refused"]').innerText(),
      /is outside this monitor's write scope \(it may publish to /,
    );
    // The publish form follows what is typed: an exchange in scope enables it.
    await page.fill("form.publish input[name=exchange]", stream.exchange);
    assert.ok(await page.locator(BUTTONS.publish).isEnabled(), "in scope once typed");
    await page.screenshot({ path: `${ARTIFACTS}queue-out-of-scope.png`, fullPage: true });

    await page.goto(`${monitor.url}/queues/${encodeURIComponent(stream.queue)}`);
    await page.waitForSelector('.queue-actions [data-field="stream-note"]', {
      timeout: UI_TIMEOUT,
    });
    for (const absent of [BUTTONS.purge, BUTTONS.move, BUTTONS.get]) {
      assert.equal(await page.locator(absent).count(), 0, `${absent}: not offered on a stream`);
    }
    assert.match(await page.locator(".get-messages").innerText(), /read from an offset/);
    // What is offered works: publish through the form reaches the stream.
    await page.click(BUTTONS.publish);
    await page.locator("form.publish .result.ok").waitFor({ timeout: UI_TIMEOUT });
    assert.match(await page.locator("form.publish .result.ok").innerText(), /confirmed 1 of 1/);
    await page.click(BUTTONS.delete);
    await page.click('[data-confirm="delete"]');
    await eventually("the stream deleted", async () => {
      const gone = await queueDepth(stream.queue).then(() => false, () => true);
      return gone || undefined;
    }, UI_TIMEOUT);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await monitor.close();
    await outside.cleanup();
    await stream.cleanup();
  }
});
