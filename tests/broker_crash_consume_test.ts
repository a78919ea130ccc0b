/**
 * The broker (a private node) SIGKILLed and restarted while `consume` drains durable messages:
 * each consumed at least once, duplicates reported.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import { depthReaches, N, tally, topology } from "./fault_helpers.ts";
import { jsonOf, produceOk, spawnScript } from "./helpers.ts";
import { PrivateBroker } from "./private_broker.ts";

Deno.test({
  name:
    "broker SIGKILLed while consume drains 50,000 durable messages: each consumed at least once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start();
    try {
      await produceOk([
        "--url",
        broker.url,
        ...topology,
        "--count",
        String(N),
        "--durable",
      ]);
      const consumer = spawnScript("consume", [
        "--url",
        broker.url,
        "--queue",
        "fault.q",
        "--prefetch",
        "500",
        // Stops by itself once the queue is drained (the clock stops while reconnecting).
        "--idle-timeout",
        "5",
        "--json",
      ]);
      await depthReaches(broker.url, N * 0.7, true);
      await broker.kill();
      await broker.restart();
      const run = await consumer.done;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /consume: reconnected/);
      const c = jsonOf<ConsumeSummary>(run);
      const unique = c.consumed - c.duplicates;
      console.log(
        `consume across a broker crash: ${
          tally(unique, N - unique, c.duplicates)
        } redelivered=${c.redelivered}`,
      );
      assert.equal(unique, N, "lost=0");
      assert.ok(c.redelivered > 0, "what was unacked at the crash came again");
    } finally {
      await broker.stop();
    }
  },
});
