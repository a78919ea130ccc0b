/**
 * The broker (a private node, never the shared broker) SIGKILLed and restarted while `produce
 * --durable` runs: every message confirmed once, all of them in the queue.
 */
import assert from "node:assert/strict";
import type { ProduceSummary } from "../scripts/produce.ts";
import { depthReaches, drain, N, tally, topology } from "./fault_helpers.ts";
import { jsonOf, spawnScript } from "./helpers.ts";
import { PrivateBroker } from "./private_broker.ts";

Deno.test({
  name: "broker SIGKILLed during produce --durable: every message confirmed once, all in the queue",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start();
    try {
      const producer = spawnScript("produce", [
        "--url",
        broker.url,
        ...topology,
        "--count",
        String(N),
        "--durable",
        "--json",
      ]);
      await depthReaches(broker.url, N / 5);
      await broker.kill();
      await broker.restart();
      const run = await producer.done;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /connection lost/);
      const p = jsonOf<ProduceSummary>(run);
      assert.deepEqual([p.published, p.confirmed, p.nacked, p.returned], [N, N, 0, 0]);

      const { unique, duplicates } = await drain(broker.url);
      const lost = N - unique;
      console.log(`produce across a broker crash: ${tally(unique, lost, duplicates)}`);
      assert.equal(lost, 0);
    } finally {
      await broker.stop();
    }
  },
});
