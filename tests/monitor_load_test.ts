/**
 * The monitor left running with 50 browsers on it for a minute: still one management poll per
 * interval, every viewer receiving every snapshot, and memory flat.
 */
import assert from "node:assert/strict";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";

const VIEWERS = 50;
const SECONDS = 60;

Deno.test("50 SSE viewers for a minute: one poll per interval, updates for all, memory flat", async () => {
  const monitor = await startTestMonitor({ intervalSeconds: 1 });
  try {
    await monitor.context.poller.latest();
    const pollsBefore = monitor.context.poller.polls;
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(Deno.memoryUsage().rss), 5_000);
    const started = Date.now();
    const viewers = await Promise.all(
      Array.from(
        { length: VIEWERS },
        () =>
          readEvents(
            `${monitor.url}/api/stream`,
            () => Date.now() - started > SECONDS * 1000,
            (SECONDS + 5) * 1000,
          ),
      ),
    );
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const polls = monitor.context.poller.polls - pollsBefore;
    console.log(
      `${VIEWERS} viewers, ${seconds.toFixed(0)} s: ${polls} polls, events per viewer ${
        Math.min(...viewers.map((v) => v.length))
      }-${Math.max(...viewers.map((v) => v.length))}, RSS ${
        rss.map((r) => Math.round(r / 2 ** 20)).join(" ")
      } MB`,
    );
    assert.ok(polls <= Math.ceil(seconds) + 1, `${polls} polls in ${seconds}s`);
    for (const events of viewers) {
      assert.ok(events.length >= SECONDS - 5, `a viewer got ${events.length} snapshots`);
    }
    // Flat: the second half of the minute grows by no more than a few MB over the first.
    const half = Math.floor(rss.length / 2);
    const growth = Math.max(...rss.slice(half)) - Math.max(...rss.slice(0, half));
    assert.ok(
      growth < 32 * 2 ** 20,
      `RSS grew ${Math.round(growth / 2 ** 20)} MB in the second half`,
    );
  } finally {
    await monitor.close();
  }
});
