/**
 * A disk alarm on a private node during `produce`: the producer pauses, says why, and completes
 * once the alarm clears.
 */
import assert from "node:assert/strict";
import type { ProduceSummary } from "../scripts/produce.ts";
import { depth, depthReaches, topology } from "./fault_helpers.ts";
import { eventually, jsonOf, spawnScript } from "./helpers.ts";
import { PrivateBroker } from "./private_broker.ts";

Deno.test({
  name: "a disk alarm during produce: the producer pauses, says why, and completes once it clears",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start();
    try {
      const n = 20_000;
      const producer = spawnScript("produce", [
        "--url",
        broker.url,
        ...topology,
        "--count",
        String(n),
        "--durable",
        "--rate",
        "4000",
        "--json",
      ]);
      let finished = false;
      producer.done.then(() => (finished = true));
      await depthReaches(broker.url, 1_000);
      await broker.ctl("set_disk_free_limit", "999999999999999"); // more than any disk: the alarm goes off
      await eventually(
        "the producer to say the broker blocked it",
        () => /broker blocked/.test(producer.output().stderr) || undefined,
        60_000,
        () => `producer stderr: ${producer.output().stderr.slice(-500)}`,
      );
      const during = await depth(broker.url);
      assert.ok(!finished, "the producer waits while the alarm is on");
      await broker.ctl("set_disk_free_limit", "1000000");
      const run = await producer.done;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /broker blocked: .*disk/i);
      assert.match(run.stderr, /broker unblocked/);
      assert.ok(during < n, `publishing paused during the alarm (${during} queued)`);
      const p = jsonOf<ProduceSummary>(run);
      assert.equal(p.confirmed, n);
      assert.equal(await depth(broker.url), n);
    } finally {
      await broker.stop();
    }
  },
});
