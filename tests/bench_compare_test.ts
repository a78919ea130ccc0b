/** bench:compare runs every client it can find, on the real broker, and reports their rates. */
import assert from "node:assert/strict";
import { roundOrder, usageOf } from "../scripts/bench_compare.ts";
import { readEnvelope } from "../lib/messaging/mod.ts";
import { AMQP_URL, jsonOf, management, runScript, uniqueName, withConnection } from "./helpers.ts";

Deno.test("usageOf reads GNU time's peak RSS and CPU seconds, or says it has none", () => {
  assert.deepEqual(usageOf("x\npeak_rss_kb=204800 cpu_user_s=1.25 cpu_system_s=0.50\n"), {
    rssMb: 200,
    cpuSeconds: 1.75,
  });
  assert.deepEqual(usageOf("no time here"), { rssMb: null, cpuSeconds: null });
});

Deno.test("roundOrder alternates the order of the clients from round to round", () => {
  assert.deepEqual(roundOrder(["a", "b", "c"], 1), ["a", "b", "c"]);
  assert.deepEqual(roundOrder(["a", "b", "c"], 2), ["c", "b", "a"]);
  assert.deepEqual(roundOrder(["a", "b", "c"], 3), ["a", "b", "c"]);
});

Deno.test("bench:compare measures ours, amqplib and pika back to back and cleans up", async () => {
  const run = await runScript("bench_compare", [
    "--count",
    "3000",
    "--pika-count",
    "300",
    "--rounds",
    "2",
    "--json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const { rows } = jsonOf<
    {
      rows: {
        round: number;
        client: string;
        queue: string;
        count: number;
        publish_rate: number;
        consume_rate: number;
        publish_cpu_us: number | null;
        consume_cpu_us: number | null;
      }[];
    }
  >(run);
  assert.deepEqual(
    rows.map((r) => `${r.round} ${r.client.split(" ")[0]}`),
    ["1 ours", "1 amqplib", "1 pika", "2 pika", "2 amqplib", "2 ours"],
    "the second round runs in the reverse order",
  );
  const timed = await Deno.stat("/usr/bin/time").then(() => true, () => false);
  for (const r of rows) {
    assert.ok(r.publish_rate > 0 && r.consume_rate > 0, JSON.stringify(r));
    if (timed) {
      // CPU per message includes the process's start, so a few thousand messages cost µs each.
      assert.ok(r.publish_cpu_us! > 0 && r.consume_cpu_us! > 0, JSON.stringify(r));
    }
  }
  assert.deepEqual(rows.map((r) => r.count), [3000, 3000, 300, 300, 3000, 3000]);
  for (const r of rows) {
    assert.match(r.queue, /^compare\./);
    assert.equal(await management.queue(r.queue), undefined, `${r.queue} was deleted`);
  }
});

Deno.test("the amqplib and pika peers send our envelope: our reader takes their messages as ours", async () => {
  const queue = uniqueName("compare.envelope");
  await withConnection(async (conn) => {
    await (await conn.channel()).queueDeclare(queue, { durable: true });
  });
  try {
    const peers = [
      ["node", "bench/amqplib_producer.mjs"],
      ["/usr/bin/python3", "bench/pika_producer.py"],
    ];
    for (const [program, script] of peers) {
      const out = await new Deno.Command(program, { args: [script, AMQP_URL, queue, "20"] })
        .output();
      assert.ok(out.success, `${script}: ${new TextDecoder().decode(out.stderr)}`);
    }
    const read = await withConnection(async (conn) => {
      const ch = await conn.channel();
      const envelopes = [];
      for (let msg = await ch.basicGet(queue); msg; msg = await ch.basicGet(queue)) {
        envelopes.push({ envelope: readEnvelope(msg.properties), headers: msg.properties.headers });
      }
      return envelopes;
    });
    assert.equal(read.length, 40);
    for (const [i, { envelope, headers }] of read.entries()) {
      assert.ok(envelope, `message ${i} read as foreign: ${JSON.stringify(headers)}`);
      assert.deepEqual(Object.keys(headers!).sort(), ["host", "producer_id"]);
      assert.equal(envelope.producerId, i < 20 ? "amqplib" : "pika");
      assert.equal(envelope.seq, (i % 20) + 1);
      assert.ok(
        Math.abs(Date.now() - envelope.sentAtMs!) < 120_000,
        `sent at ${envelope.sentAtMs}`,
      );
    }
  } finally {
    await management.deleteQueue(queue);
  }
});
