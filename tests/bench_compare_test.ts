/** bench:compare runs every client it can find, on the real broker, and reports their rates. */
import assert from "node:assert/strict";
import { jsonOf, management, runScript } from "./helpers.ts";

Deno.test("bench:compare measures ours, amqplib and pika back to back and cleans up", async () => {
  const run = await runScript("bench_compare", [
    "--count",
    "3000",
    "--pika-count",
    "300",
    "--json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const { rows } = jsonOf<
    {
      rows: {
        client: string;
        queue: string;
        count: number;
        publish_rate: number;
        consume_rate: number;
      }[];
    }
  >(run);
  assert.deepEqual(rows.map((r) => r.client.split(" ")[0]), ["ours", "amqplib", "pika"]);
  for (const r of rows) {
    assert.ok(r.publish_rate > 0 && r.consume_rate > 0, JSON.stringify(r));
  }
  assert.deepEqual(rows.map((r) => r.count), [3000, 3000, 300]);
  for (const r of rows) {
    assert.match(r.queue, /^compare\./);
    assert.equal(await management.queue(r.queue), undefined, `${r.queue} was deleted`);
  }
});
