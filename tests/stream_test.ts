/**
 * Streams on the shared broker: produce appends, consume reads from an offset (first, an
 * offset, a timestamp) as often as asked, and after a dropped connection goes on from the
 * message after the last one it handled.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import {
  AMQP_URL,
  eventually,
  jsonOf,
  management,
  produceOk,
  runScript,
  shownSeqs,
  spawnScript,
  testTopology,
} from "./helpers.ts";
import { proxiedBroker } from "./tcp_proxy.ts";

const N = 3_000;

async function streamOf(prefix: string) {
  const t = testTopology(prefix);
  await produceOk([
    ...t.flags,
    "--audit-queue",
    "",
    "--queue-type",
    "stream",
    "--count",
    String(N),
  ]);
  return t;
}

Deno.test("a stream is read from first, from an offset and from a timestamp, and keeps its messages", async () => {
  const before = new Date(Date.now() - 2_000).toISOString();
  const t = await streamOf("stream-read");
  try {
    const info = await management.queue(t.queue);
    assert.equal(info?.type, "stream");
    assert.equal(info?.durable, true, "streams are durable");
    const read = async (...args: string[]) => {
      const run = await runScript("consume", [
        "--queue",
        t.queue,
        "--queue-type",
        "stream",
        "--show",
        "--json",
        ...args,
      ]);
      assert.equal(run.code, 0, run.stderr);
      return { seqs: shownSeqs(run.stdout), summary: jsonOf<ConsumeSummary>(run), run };
    };
    const first = await read("--expect", String(N));
    assert.deepEqual(first.seqs, Array.from({ length: N }, (_, i) => i + 1), "all, in order");
    assert.match(first.run.stderr, /reading stream '.*' from first/);
    const again = await read("--offset", "first", "--expect", String(N));
    assert.equal(again.seqs.length, N, "reading does not take messages away from a stream");
    const tail = await read("--offset", String(N - 10), "--expect", "10");
    assert.deepEqual(tail.seqs, Array.from({ length: 10 }, (_, i) => N - 9 + i));
    const since = await read("--offset", before, "--expect", String(N));
    assert.equal(since.seqs[0], 1, "a timestamp before the run reads from its first message");
  } finally {
    await t.cleanup();
  }
});

Deno.test("a stream consumer goes on after the last handled message when its connection drops", async () => {
  const t = await streamOf("stream-reconnect");
  const { proxy, url: viaProxy } = proxiedBroker(AMQP_URL);
  try {
    const consumer = spawnScript("consume", [
      "--url",
      viaProxy,
      "--queue",
      t.queue,
      "--queue-type",
      "stream",
      "--expect",
      String(N),
      "--work-ms",
      "1",
      "--prefetch",
      "100",
      "--show",
      "--json",
    ]);
    // Drop every connection a third and two thirds of the way through.
    for (const share of [1 / 3, 2 / 3]) {
      await eventually(
        `the consumer to show ${Math.round(share * 100)}% of the messages`,
        () => shownSeqs(consumer.output().stdout).length >= N * share || undefined,
        60_000,
        () => `${shownSeqs(consumer.output().stdout).length} shown`,
      );
      proxy.dropAll();
    }
    const run = await consumer.done;
    assert.equal(run.code, 0, run.stderr);
    assert.ok(proxy.dropped >= 4, `connections were dropped (${proxy.dropped} sockets)`);
    assert.match(run.stderr, /consume: reconnected/);
    const seqs = shownSeqs(run.stdout);
    assert.deepEqual(
      seqs,
      Array.from({ length: N }, (_, i) => i + 1),
      "every message once, in order: it resumed right after the last one handled",
    );
    assert.equal(jsonOf<ConsumeSummary>(run).duplicates, 0);
  } finally {
    await proxy.close();
    await t.cleanup();
  }
});
