/**
 * End to end against the real broker: the scripts run as separate processes, as a user runs
 * them, and the broker (over AMQP and its management API) is asked what really happened.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary as ConsumeJson } from "../scripts/consume.ts";
import type { ProduceSummary as ProduceJson } from "../scripts/produce.ts";
import {
  brokerIsAtLeast,
  eventually,
  jsonOf,
  management,
  produceOk,
  queueDepth,
  runScript,
  shownSeqs,
  spawnScript,
  testTopology,
  withConnection,
} from "./helpers.ts";

Deno.test("reliability drill: 10,000 durable messages reach both queues and are consumed exactly once", async () => {
  const t = testTopology("drill");
  try {
    const produced = await produceOk([
      ...t.flags,
      "--count",
      "10000",
      "--durable",
      "--json",
    ]);
    const p = jsonOf<ProduceJson>(produced);
    assert.deepEqual(
      [p.published, p.confirmed, p.nacked, p.returned, p.in_queue_ready],
      [10_000, 10_000, 0, 0, 10_000],
    );
    assert.match(p.run_id, /^[0-9a-f]{10}$/);

    // The management API agrees (its statistics lag by a few seconds).
    for (const queue of [t.queue, t.auditQueue]) {
      const info = await eventually(`${queue} to show 10,000 ready`, async () => {
        const q = await management.queue(queue);
        return q?.messages_ready === 10_000 ? q : undefined;
      });
      assert.equal(info.durable, true);
    }

    const consumed = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      "10000",
      "--json",
    ]);
    assert.equal(consumed.code, 0, consumed.stderr);
    const c = jsonOf<ConsumeJson>(consumed);
    assert.equal(c.consumed, 10_000);
    assert.equal(c.duplicates, 0);
    assert.equal(c.foreign, 0);
    const latency = c.latency_ms;
    assert.ok(
      latency !== null && latency.p50 > 0 && latency.p99 >= latency.p50,
      JSON.stringify(latency),
    );
    assert.equal(await queueDepth(t.queue), 0);
    assert.equal(await queueDepth(t.auditQueue), 10_000, "the audit copy is untouched");
  } finally {
    await t.cleanup();
  }
});

Deno.test("stress: 50,000 messages through a lazy queue with prefetch 5000, nothing lost", async () => {
  const t = testTopology("stress");
  try {
    const produced = await produceOk([
      ...t.flags,
      "--audit-queue",
      "",
      "--count",
      "50000",
      "--lazy",
      "--json",
    ]);
    assert.equal(jsonOf<ProduceJson>(produced).confirmed, 50_000);
    const consumed = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      "50000",
      "--prefetch",
      "5000",
      "--json",
    ]);
    assert.equal(consumed.code, 0, consumed.stderr);
    const c = jsonOf<ConsumeJson>(consumed);
    assert.equal(c.consumed, 50_000);
    assert.equal(c.duplicates, 0);
    assert.equal(await queueDepth(t.queue), 0);
    // Lazy mode does nothing since RabbitMQ 3.12: produce says so and leaves the argument out.
    const q = await management.queue(t.queue);
    if (await brokerIsAtLeast("3.12")) {
      assert.equal(q?.arguments["x-queue-mode"], undefined);
      assert.match(produced.stderr, /--lazy does nothing on RabbitMQ \d+\.\d+\.\d+ .*since 3\.12/);
    } else {
      assert.equal(q?.arguments["x-queue-mode"], "lazy");
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("two consumers share one queue: both get work, every message exactly once", async () => {
  const t = testTopology("share");
  const n = 20_000;
  try {
    const consumers = ["A", "B"].map((name) =>
      spawnScript("consume", [
        "--queue",
        t.queue,
        // They start before the producer: they create the queue and bind it, as produce would.
        "--exchange",
        t.exchange,
        "--name",
        name,
        "--prefetch",
        "100",
        "--show",
        "--json",
      ])
    );
    await eventually("both consumers to subscribe", async () => {
      const q = await withConnection(async (conn) => {
        const ch = await conn.channel();
        return await ch.queueDeclare(t.queue, { passive: true }).catch(() => undefined);
      });
      return q?.consumerCount === 2 ? true : undefined;
    });
    await produceOk([
      ...t.flags,
      "--audit-queue",
      "",
      "--count",
      String(n),
      "--json",
    ]);
    // Once every message was handled, Ctrl+C: each acks what it handled and prints its summary.
    // (Not an idle timeout: on a busy machine the producer may start later than any of it.)
    const handled = () => consumers.flatMap((c) => shownSeqs(c.output().stdout)).length;
    await eventually(
      `${n} messages handled between the two`,
      () => handled() >= n || undefined,
      60_000,
      () => `${handled()} handled`,
    );
    for (const c of consumers) c.kill("SIGINT");
    const runs = await Promise.all(consumers.map((c) => c.done));
    const results = runs.map((r) => {
      assert.equal(r.code, 0, r.stderr);
      return jsonOf<ConsumeJson>(r);
    });
    assert.ok(
      results.every((r) => r.consumed > 0),
      `both consumed: ${results.map((r) => r.consumed)}`,
    );
    assert.equal(results[0].consumed + results[1].consumed, n);
    const seqs = runs.flatMap((r) => shownSeqs(r.stdout));
    assert.equal(seqs.length, n);
    assert.equal(new Set(seqs).size, n, "no message was handled twice");
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a consumer stopped with Ctrl+C halfway acks what it handled; a second run takes the rest", async () => {
  const t = testTopology("sigint");
  const n = 5_000;
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
      "--work-ms",
      "1",
      "--prefetch",
      "200",
      "--show",
      "--json",
    ]);
    await eventually("the first consumer to be under way", async () => {
      const depth = await queueDepth(t.queue);
      return depth < n - 500 ? true : undefined;
    });
    first.kill("SIGINT");
    const firstRun = await first.done;
    assert.equal(firstRun.code, 0, firstRun.stderr);
    const a = jsonOf<ConsumeJson>(firstRun);
    assert.ok(
      a.consumed > 0 && a.consumed < n,
      `first consumer took part of the queue: ${a.consumed}`,
    );
    assert.equal(
      await queueDepth(t.queue),
      n - a.consumed,
      "everything handled was acked, the rest returned",
    );

    const secondRun = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      String(n - a.consumed),
      "--show",
      "--json",
    ]);
    assert.equal(secondRun.code, 0, secondRun.stderr);
    const seqs = [...shownSeqs(firstRun.stdout), ...shownSeqs(secondRun.stdout)];
    assert.equal(new Set(seqs).size, n, "unique messages = N");
    assert.equal(seqs.length, n, "and none twice");
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("messages from another client, without our headers, are consumed and counted as foreign", async () => {
  const t = testTopology("foreign");
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false });
      await ch.confirmSelect();
      for (let i = 1; i <= 5; i++) await ch.basicPublish("", t.queue, `Message ${i}`);
      await ch.basicPublish("", t.queue, "", { headers: { seq: "not a number", producer_id: 7 } });
    });
    const run = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      "6",
      "--show",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const c = jsonOf<ConsumeJson>(run);
    assert.equal(c.consumed, 6);
    assert.equal(c.foreign, 6);
    assert.match(run.stdout, /^foreign body=Message 1$/m);
    // Its properties shown (RabbitMQ 4 sorts the headers, 3.x keeps them as sent).
    const headers = run.stdout.match(/^foreign headers=(\{.*\}) body=$/m)?.[1];
    assert.deepEqual(JSON.parse(headers ?? "null"), { seq: "not a number", producer_id: 7 });
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a message whose handling always fails is retried, then dead-lettered to <queue>.dlq", async () => {
  const t = testTopology("dlq");
  try {
    await produceOk([...t.flags, "--audit-queue", "", "--count", "3"]);
    const run = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      "3",
      "--fail-rate",
      "1",
      "--max-retries",
      "2",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const c = jsonOf<ConsumeJson>(run);
    assert.equal(c.consumed, 0);
    assert.equal(c.retried, 6, "two retries for each of three messages");
    assert.equal(c.dead_lettered, 3);
    assert.equal(await queueDepth(t.queue), 0);
    assert.equal(await queueDepth(`${t.queue}.dlq`), 3);
    const dead = await withConnection(async (conn) => {
      const ch = await conn.channel();
      return await ch.basicGet(`${t.queue}.dlq`, { noAck: false });
    });
    assert.equal(dead?.properties.headers?.["x-retries"], 2);
    assert.match(String(dead?.properties.headers?.["x-error"]), /simulated failure/);
    assert.equal(dead?.properties.headers?.["x-original-queue"], t.queue);
    assert.equal(dead?.bodyToString(), "Hello World");
  } finally {
    await t.cleanup();
  }
});

Deno.test("a queue an earlier run made lazy is used as it is, with a note where lazy mode still means something", async () => {
  const t = testTopology("lazy-kept");
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: true }, { "x-queue-mode": "lazy" });
    });
    for (const flags of [["--lazy"], []]) {
      const run = await runScript("produce", [
        ...t.flags,
        "--audit-queue",
        "",
        "--count",
        "3",
        ...flags,
      ]);
      assert.equal(run.code, 0, run.stderr);
      // Before 3.12 lazy mode matters: a run that does not ask for it takes the queue as it is,
      // and says so. From 3.12 on the mode means nothing and is no difference.
      const said = !(await brokerIsAtLeast("3.12")) && flags.length === 0;
      const note = /queue '\S+' exists with x-queue-mode=lazy: used as it is/;
      if (said) assert.match(run.stderr, note);
      else assert.doesNotMatch(run.stderr, note);
    }
    assert.equal((await management.queue(t.queue))?.arguments["x-queue-mode"], "lazy");
  } finally {
    await t.cleanup();
  }
});
