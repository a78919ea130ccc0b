/**
 * A monitor nobody watches asks the broker nothing: polling pauses after a few intervals with
 * no viewer and no request, and comes back, with figures taken now, when someone looks.
 */
import assert from "node:assert/strict";
import { eventually } from "./helpers.ts";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";
import { IDLE_INTERVALS } from "../lib/snapshots/mod.ts";
import type { Snapshot } from "../lib/shared/mod.ts";

Deno.test("no viewer, no request: polling pauses; a page or a viewer brings it back with fresh figures", async () => {
  const monitor = await startTestMonitor({ intervalSeconds: 1 });
  const poller = monitor.context.poller;
  try {
    await eventually(
      `polling to pause after ${IDLE_INTERVALS} idle intervals`,
      () => poller.paused || undefined,
      30_000,
      () => `polls so far: ${poller.polls}, paused: ${poller.paused}`,
    );
    const pausedAt = poller.polls;
    // Paused means paused: two more intervals go by without a poll.
    const quiet = Date.now() + 2_500;
    await eventually("2.5 s to pass", () => Date.now() >= quiet || undefined, 10_000);
    assert.equal(poller.polls, pausedAt, "it polled while nobody watched");

    // A request gets figures taken now, not the ones from before the pause.
    const asked = Date.now();
    const overview = await fetch(`${monitor.url}/api/overview`);
    const snapshot = await overview.json() as Snapshot;
    assert.ok(
      snapshot.at >= asked,
      `the overview is ${asked - snapshot.at} ms older than the request`,
    );
    assert.ok(poller.polls > pausedAt, "the request polled");
    // The next poll waits the interval, or longer while polls take more than a twentieth of it.
    assert.ok(typeof snapshot.pollMs === "number" && snapshot.pollMs >= 0);
    assert.ok(snapshot.intervalMs! >= 1_000, `the next poll in ${snapshot.intervalMs} ms`);

    // A viewer keeps it polling as long as it watches, past the idle limit: unwatched, it
    // would pause after IDLE_INTERVALS polls. (Counted in polls, not seconds: on a busy machine
    // a slow poll stretches the interval.)
    await eventually("polling to pause again", () => poller.paused || undefined, 30_000);
    const before = poller.polls;
    const events = await readEvents(
      `${monitor.url}/api/stream`,
      () => poller.polls - before >= IDLE_INTERVALS + 2,
      60_000,
    );
    assert.ok(
      poller.polls - before >= IDLE_INTERVALS + 2,
      `${poller.polls - before} polls while watched`,
    );
    assert.ok(events.length >= IDLE_INTERVALS, `the viewer got ${events.length} snapshots`);
    assert.equal(poller.paused, false);
  } finally {
    await monitor.close();
  }
});
