/**
 * `deno task replay` against the real broker: copies byte for byte with x-replayed-from, the
 * source left as it was (a queue in order, a stream untouched), any client's messages.
 */
import assert from "node:assert/strict";
import type { ReplaySummary } from "../scripts/replay.ts";
import type { ConsumeSummary } from "../scripts/consume.ts";
import { caseOf, dumpQueue, publishCatalogue } from "./foreign_client.ts";
import {
  jsonOf,
  management,
  produceOk,
  queueDepth,
  runScript,
  shownSeqs,
  testTopology,
} from "./helpers.ts";

/** `deno task replay` from `from` into queue `to` through the default exchange, as JSON. */
function replayInto(from: string, to: string, extra: string[] = []) {
  return runScript("replay", [
    "--from",
    from,
    "--exchange",
    "",
    "--routing-key",
    to,
    ...extra,
    "--json",
  ]);
}

Deno.test("replay copies an audit queue into the work queue and leaves it in order", async () => {
  const t = testTopology("replay");
  try {
    await produceOk([...t.flags, "--count", "20", "--producer-id", "ana"]);
    const run = await replayInto(t.auditQueue, t.queue);
    assert.equal(run.code, 0, run.stderr);
    const r = jsonOf<ReplaySummary>(run);
    assert.deepEqual([r.read, r.confirmed, r.returned, r.source_depth], [20, 20, 0, 20]);
    assert.equal(await queueDepth(t.queue), 40);

    // The audit queue kept every message, in its order.
    const audit = await runScript("consume", [
      "--queue",
      t.auditQueue,
      "--expect",
      "20",
      "--show",
      "--prefetch",
      "1",
    ]);
    assert.deepEqual(shownSeqs(audit.stdout), Array.from({ length: 20 }, (_, i) => i + 1));

    // The copies carry the same envelope: the consumer sees each message twice.
    const work = await runScript("consume", ["--queue", t.queue, "--expect", "40", "--json"]);
    const c = jsonOf<ConsumeSummary>(work);
    assert.deepEqual([c.consumed, c.duplicates, c.foreign], [40, 20, 0]);
  } finally {
    await t.cleanup();
  }
});

Deno.test("replay copies another client's messages byte for byte, adding only x-replayed-from", async () => {
  const t = testTopology("replay-foreign");
  try {
    await produceOk([...t.flags, "--count", "1"]); // declares the topology
    await runScript("cleanup", ["--purge", "--queue", t.queue, t.auditQueue, "--yes"]);
    const cases = await publishCatalogue(t.exchange, "work");
    const run = await replayInto(t.auditQueue, `${t.queue}.copies`);
    // No queue of that name yet: every copy comes back, and the run says so.
    assert.equal(run.code, 1);
    assert.equal(jsonOf<ReplaySummary>(run).returned, cases.length);
    assert.match(run.stderr, /returned: no queue is bound to ''/);

    await management.request("PUT", `queues/%2F/${encodeURIComponent(`${t.queue}.copies`)}`, {
      durable: true,
    });
    const again = await replayInto(t.auditQueue, `${t.queue}.copies`);
    assert.equal(again.code, 0, again.stderr);
    const originals = await dumpQueue(t.auditQueue);
    const copies = new Map((await dumpQueue(`${t.queue}.copies`)).map((m) => [caseOf(m), m]));
    assert.equal(originals.length, cases.length);
    for (const original of originals) {
      const name = caseOf(original);
      const copy = copies.get(name);
      assert.ok(copy, `${name}: no copy`);
      const headers = { ...copy.headers.table };
      assert.deepEqual(headers["x-replayed-from"], { str: t.auditQueue });
      delete headers["x-replayed-from"];
      assert.deepEqual(headers, original.headers.table, `${name}: headers`);
      assert.deepEqual(copy.properties, original.properties, `${name}: properties`);
      assert.equal(copy.body_sha256, original.body_sha256, `${name}: body`);
    }
  } finally {
    await management.deleteQueue(`${t.queue}.copies`);
    await t.cleanup();
  }
});

Deno.test("replay reads an audit stream from the start or an offset and leaves it whole", async () => {
  const t = testTopology("replay-stream");
  try {
    await produceOk([...t.flags, "--audit-queue-type", "stream", "--count", "30"]);
    const audit = await management.queue(t.auditQueue);
    assert.equal(audit?.type, "stream");
    await runScript("cleanup", ["--purge", "--queue", t.queue, "--yes"]);

    const first = await replayInto(t.auditQueue, t.queue, ["--count", "10"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /reading stream .* from first/);
    assert.equal(jsonOf<ReplaySummary>(first).confirmed, 10);

    const tail = await replayInto(t.auditQueue, t.queue, ["--offset", "25"]);
    assert.equal(tail.code, 0, tail.stderr);
    assert.equal(jsonOf<ReplaySummary>(tail).confirmed, 5, "offsets 25 to 29");
    const shown = await runScript("consume", ["--queue", t.queue, "--expect", "15", "--show"]);
    assert.deepEqual(
      shownSeqs(shown.stdout),
      [...Array.from({ length: 10 }, (_, i) => i + 1), 26, 27, 28, 29, 30],
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("replay refuses what it cannot do in one line, exit 2", async () => {
  for (
    const [args, pattern] of [
      [["--exchange", ""], /--exchange '' .* give --routing-key QUEUE/],
      [["--exchange", "x", "--count", "70000"], /lends at most 65535 .* --audit-queue-type stream/],
      [["--from", "q"], /--exchange/],
      [["--exchange", "x", "--offset", "yesterday"], /--offset must be first, last, next/],
    ] as const
  ) {
    const run = await runScript("replay", [...args]);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  }
});
