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
    // The heap of this test's own isolate: the process's RSS also holds the other test files
    // running beside it.
    const heap: number[] = [];
    const sampler = setInterval(() => heap.push(Deno.memoryUsage().heapUsed), 5_000);
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
      }-${Math.max(...viewers.map((v) => v.length))}, heap ${
        heap.map((r) => Math.round(r / 2 ** 20)).join(" ")
      } MB`,
    );
    // One poll per interval at most, however many viewers; and it keeps polling on a busy
    // machine (where a poll can take longer than the interval).
    assert.ok(polls <= Math.ceil(seconds) + 1, `${polls} polls in ${seconds}s`);
    assert.ok(polls >= seconds / 3, `only ${polls} polls in ${seconds}s`);
    // Every snapshot polled while they watched reached every viewer (one may fall at the edges).
    for (const events of viewers) {
      assert.ok(events.length >= polls - 1, `a viewer got ${events.length} of ${polls} snapshots`);
    }
    // Flat: the second half of the minute grows by no more than a few MB over the first.
    const half = Math.floor(heap.length / 2);
    const growth = Math.max(...heap.slice(half)) - Math.max(...heap.slice(0, half));
    assert.ok(
      growth < 32 * 2 ** 20,
      `the heap grew ${Math.round(growth / 2 ** 20)} MB in the second half: ${heap.join(" ")}`,
    );
  } finally {
    await monitor.close();
  }
});
