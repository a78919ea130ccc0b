/**
 * A consumer that dies, and a message that can never be handled: neither loses or blocks work.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import {
  depthReaches,
  jsonOf,
  produceOk,
  queueDepth,
  runScript,
  shownSeqs,
  spawnScript,
  testTopology,
} from "./helpers.ts";

Deno.test("a consumer SIGKILLed mid-run: the second consumer gets its unacked messages, redelivered", async () => {
  const t = testTopology("sigkill");
  const n = 4_000;
  try {
    await produceOk([
      ...t.flags,
      "--audit-queue",
      "",
      "--count",
      String(n),
      "--durable",
    ]);
    const first = spawnScript("consume", [
      "--queue",
      t.queue,
      "--name",
      "first",
      "--work-ms",
      "1",
      "--prefetch",
      "300",
      "--show",
    ]);
    const second = spawnScript("consume", [
      "--queue",
      t.queue,
      "--name",
      "second",
      "--work-ms",
      "1",
      "--prefetch",
      "300",
      // Stops by itself once the queue is drained, acking what it handled.
      "--idle-timeout",
      "5",
      "--show",
      "--json",
    ]);
    await depthReaches(t.queue, n - 1_500, { below: true });
    first.kill("SIGKILL"); // no summary, no acks: what it held goes back
    const killed = await first.done;
    const survivor = await second.done;
    assert.equal(survivor.code, 0, survivor.stderr);
    const c = jsonOf<ConsumeSummary>(survivor);
    assert.ok(
      c.redelivered > 0,
      "the killed consumer's unacked messages came to the second, redelivered",
    );
    const unique = new Set([...shownSeqs(killed.stdout), ...shownSeqs(survivor.stdout)]);
    assert.equal(unique.size, n, "unique ids = N");
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a poison message is dead-lettered after --max-retries; the rest flow on", async () => {
  const t = testTopology("poison");
  try {
    for (const text of ["fine", "POISON", "fine"]) {
      await produceOk([
        ...t.flags,
        "--audit-queue",
        "",
        "--count",
        text === "POISON" ? "1" : "100",
        "--text",
        text,
      ]);
    }
    const run = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      "201",
      "--fail-on",
      "POISON",
      "--max-retries",
      "3",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const c = jsonOf<ConsumeSummary>(run);
    assert.deepEqual([c.consumed, c.retried, c.dead_lettered], [200, 3, 1]);
    assert.equal(await queueDepth(t.queue), 0, "nothing is stuck behind it");
    assert.equal(await queueDepth(`${t.queue}.dlq`), 1);
  } finally {
    await t.cleanup();
  }
});
