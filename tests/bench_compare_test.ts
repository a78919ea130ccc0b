/** bench:compare runs every client it can find, on the real broker, and reports their rates. */
import assert from "node:assert/strict";
import { type CompareRow, roundOrder, summarize, usageOf } from "../scripts/bench_compare.ts";
import { EnvelopeReader, readEnvelope } from "../lib/messaging/mod.ts";
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

Deno.test("summarize gives each client's means over the rounds and ours divided by them", () => {
  const row = (round: number, client: string, rate: number, cpu: number | null): CompareRow => ({
    round,
    client,
    queue: "q",
    count: 1,
    publish_rate: rate,
    consume_rate: rate * 2,
    publish_rss_mb: 1,
    consume_rss_mb: 1,
    publish_cpu_us: cpu,
    consume_cpu_us: cpu === null ? null : cpu * 2,
  });
  const [ours, theirs, untimed] = summarize([
    row(1, "ours (Deno)", 110, 4),
    row(1, "amqplib (Node)", 100, 10),
    row(1, "pika", 10, null),
    row(2, "pika", 30, 100),
    row(2, "amqplib (Node)", 120, 6),
    row(2, "ours (Deno)", 130, 4),
  ]);
  assert.deepEqual(
    [ours.publish_ratio, ours.consume_ratio, ours.publish_cpu_ratio, ours.rounds],
    [1, 1, 1, 2],
  );
  assert.deepEqual(
    [theirs.publish_rate, theirs.consume_rate, theirs.publish_cpu_us, theirs.consume_cpu_us],
    [110, 220, 8, 16],
  );
  assert.deepEqual([theirs.publish_ratio, theirs.consume_ratio], [1.09, 1.09]);
  assert.deepEqual([theirs.publish_cpu_ratio, theirs.consume_cpu_ratio], [0.5, 0.5]);
  assert.deepEqual([untimed.publish_rate, untimed.publish_cpu_ratio], [20, null]);
});

Deno.test("bench:compare measures ours, amqplib, rabbitmq-client and pika back to back and cleans up", async () => {
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
  const { rows, summaries } = jsonOf<
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
      summaries: { client: string; rounds: number; consume_ratio: number }[];
    }
  >(run);
  assert.deepEqual(
    summaries.map((s) => [s.client.split(" ")[0], s.rounds]),
    [["ours", 2], ["amqplib", 2], ["rabbitmq-client", 2], ["pika", 2]],
  );
  assert.ok(summaries.every((s) => s.consume_ratio > 0), JSON.stringify(summaries));
  assert.deepEqual(
    rows.map((r) => `${r.round} ${r.client.split(" ")[0]}`),
    [
      "1 ours",
      "1 amqplib",
      "1 rabbitmq-client",
      "1 pika",
      "2 pika",
      "2 rabbitmq-client",
      "2 amqplib",
      "2 ours",
    ],
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
  assert.deepEqual(rows.map((r) => r.count), [3000, 3000, 3000, 300, 300, 3000, 3000, 3000]);
  for (const r of rows) {
    assert.match(r.queue, /^compare\./);
    assert.equal(await management.queue(r.queue), undefined, `${r.queue} was deleted`);
  }
});

Deno.test("the amqplib, rabbitmq-client and pika peers send our envelope: our readers take their messages as ours", async () => {
  const queue = uniqueName("compare.envelope");
  await withConnection(async (conn) => {
    await (await conn.channel()).queueDeclare(queue, { durable: true });
  });
  try {
    const peers = [
      ["node", "bench/amqplib_producer.mjs"],
      ["node", "bench/rabbitmq_client_producer.mjs"],
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
      const encoded = new EnvelopeReader();
      for (let msg = await ch.basicGet(queue); msg; msg = await ch.basicGet(queue)) {
        const envelope = readEnvelope(msg.properties);
        // The consumer's reader, from the encoded properties, reads the same.
        assert.deepEqual(encoded.read(conn.rawPropertiesOf(msg)), envelope);
        envelopes.push({ envelope, headers: msg.properties.headers });
      }
      return envelopes;
    });
    assert.equal(read.length, 60);
    for (const [i, { envelope, headers }] of read.entries()) {
      assert.ok(envelope, `message ${i} read as foreign: ${JSON.stringify(headers)}`);
      assert.deepEqual(Object.keys(headers!).sort(), ["host", "producer_id"]);
      assert.equal(envelope.producerId, ["amqplib", "rabbitmq-client", "pika"][Math.floor(i / 20)]);
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
