/**
 * Publishing as fast as the broker allows, checked end to end: the envelope written from a
 * template reads back in another client (pika) with every field and type; several publishers
 * make one run; classic queues v2 are declared, matched and refused as a user would see.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary as ConsumeJson } from "../scripts/consume.ts";
import type { ProduceSummary as ProduceJson } from "../scripts/produce.ts";
import { dumpQueue } from "./foreign_client.ts";
import {
  brokerIsAtLeast,
  jsonOf,
  management,
  produceOk,
  queueDepth,
  runScript,
  shownSeqs,
  testTopology,
  uniqueName,
} from "./helpers.ts";

/** A UUIDv8: send time, run id (the digits after "8"s and the last dash) and seq (8 hex digits). */
const RUN_MESSAGE_ID =
  /^([0-9a-f]{8})-([0-9a-f]{4})-8([0-9a-f]{3})-8([0-9a-f]{3})-([0-9a-f]{4})([0-9a-f]{8})$/;

Deno.test("pika reads the envelope produce writes: ids, timestamp, typed headers, body", async () => {
  const t = testTopology("envelope-pika");
  try {
    const before = Math.floor(Date.now() / 1000);
    const beforeMs = Date.now();
    const produced = await produceOk([
      ...t.flags,
      "--count",
      "300",
      "--durable",
      "--producer-id",
      "ana",
      "--header",
      "tenant=eu",
      "--text",
      "héllo",
      "--json",
    ]);
    const after = Math.ceil(Date.now() / 1000);
    const afterMs = Date.now();
    const runId = jsonOf<ProduceJson>(produced).run_id;
    const messages = await dumpQueue(t.queue);
    assert.equal(messages.length, 300);
    const ids = new Set<string>();
    messages.forEach((m, i) => {
      const p = m.properties as Record<string, Record<string, string>>;
      const h = m.headers.table as Record<string, Record<string, string>>;
      const id = RUN_MESSAGE_ID.exec(p.message_id.str);
      assert.ok(id, `message id ${p.message_id.str}: a UUIDv8 with run and seq`);
      const [, timeHigh, timeLow, run1, run2, run3, seq] = id;
      assert.equal(parseInt(seq, 16), i + 1, "seq in order, in the message id");
      assert.equal(run1 + run2 + run3, runId, "the run id of the summary, in the message id");
      const sentAt = parseInt(timeHigh + timeLow, 16);
      assert.ok(sentAt >= beforeMs && sentAt <= afterMs, `send time ${sentAt}`);
      assert.deepEqual(Object.keys(h).sort(), ["host", "producer_id", "tenant"]);
      assert.deepEqual(h.producer_id, { str: "ana" });
      assert.deepEqual(h.tenant, { str: "eu" });
      assert.ok(h.host?.str !== undefined, JSON.stringify(h));
      ids.add(p.message_id.str);
      const seconds = Number(p.timestamp.int);
      assert.ok(seconds >= before && seconds <= after, `timestamp ${seconds}`);
      assert.deepEqual([p.content_type.str, p.delivery_mode.int], ["text/plain", "2"]);
      assert.equal(m.body_length, new TextEncoder().encode("héllo").length);
    });
    assert.equal(ids.size, 300, "every message id differs");
  } finally {
    await t.cleanup();
  }
});

Deno.test("--publishers 3: one run over three connections, each seq once, per-publisher rates", async () => {
  const t = testTopology("publishers");
  try {
    const produced = jsonOf<ProduceJson>(
      await produceOk([...t.flags, "--count", "6001", "--publishers", "3", "--json"]),
    );
    assert.equal(produced.confirmed, 6001);
    assert.equal(produced.publishers?.length, 3);
    assert.deepEqual(produced.publishers!.map((p) => p.confirmed), [2001, 2000, 2000]);
    for (const p of produced.publishers!) assert.ok(p.rate > 0, JSON.stringify(p));
    assert.equal(await queueDepth(t.auditQueue), 6001);

    const consumed = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      "6001",
      "--json",
    ]);
    assert.equal(consumed.code, 0, consumed.stderr);
    const summary = jsonOf<ConsumeJson>(consumed);
    assert.deepEqual([summary.consumed, summary.duplicates, summary.foreign], [6001, 0, 0]);

    const text = await produceOk([...t.flags, "--count", "10", "--publishers", "2"]);
    assert.match(text.stdout, /publisher 1: confirmed=5 .*rate=\d+ msg\/s/);
    assert.match(text.stdout, /publisher 2: confirmed=5 /);
  } finally {
    await t.cleanup();
  }
});

Deno.test("--publishers 4 --queues 2: one run spread over two queues, the audit queue takes all", async () => {
  const t = testTopology("spread");
  const queues = [`${t.queue}.1`, `${t.queue}.2`];
  try {
    const produced = jsonOf<ProduceJson>(
      await produceOk([
        ...t.flags,
        ...["--count", "4001", "--publishers", "4", "--queues", "2", "--json"],
      ]),
    );
    assert.deepEqual([produced.confirmed, produced.in_queue_ready], [4001, 4001]);
    assert.deepEqual(produced.queues, queues);
    // Publishers 1 and 3 fill queue 1 (1001 + 1000), 2 and 4 queue 2.
    assert.deepEqual([await queueDepth(queues[0]), await queueDepth(queues[1])], [2001, 2000]);
    assert.equal(await queueDepth(t.auditQueue), 4001);
    assert.equal(await management.queue(t.queue), undefined, "no queue of the plain name");
    const seqs = new Set<number>();
    for (const queue of queues) {
      const consumed = await runScript("consume", [
        ...["--queue", queue, "--expect", String(await queueDepth(queue)), "--show", "--json"],
      ]);
      assert.equal(consumed.code, 0, consumed.stderr);
      assert.deepEqual(jsonOf<ConsumeJson>(consumed).duplicates, 0);
      for (const seq of shownSeqs(consumed.stdout)) seqs.add(seq);
    }
    assert.equal(seqs.size, 4001, "every seq of the run, each in one queue");
  } finally {
    for (const queue of queues) await management.deleteQueue(queue);
    await t.cleanup();
  }
});

Deno.test("--queues through the default exchange: each publisher straight into its own queue", async () => {
  const base = uniqueName("spread-default");
  const queues = [1, 2, 3].map((i) => `${base}.${i}`);
  try {
    const produced = jsonOf<ProduceJson>(
      await produceOk([
        ...["--exchange", "", "--queue", base, "--durable"],
        ...["--count", "3000", "--publishers", "3", "--queues", "3", "--json"],
      ]),
    );
    assert.equal(produced.confirmed, 3000);
    for (const queue of queues) assert.equal(await queueDepth(queue), 1000, queue);
  } finally {
    for (const queue of queues) await management.deleteQueue(queue);
  }
});

Deno.test("--queue-version 2: queues declared v2; a mismatch names the flag to change", async () => {
  const t = testTopology("queue-version");
  try {
    await produceOk([...t.flags, "--count", "5", "--durable", "--queue-version", "2"]);
    for (const queue of [t.queue, t.auditQueue]) {
      const info = await management.queue(queue);
      assert.equal(info?.arguments?.["x-queue-version"], 2, `${queue}: ${JSON.stringify(info)}`);
    }
    // A run that does not ask for a version takes the queue as it is, and says so.
    const plain = await runScript("produce", [...t.flags, "--count", "1", "--durable"]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /exists with x-queue-version=2: used as it is/);
    if (!(await brokerIsAtLeast("4.0"))) {
      // One that asks for another is refused with the flag that matches (4.x has no version 1).
      const other = await runScript("produce", [
        ...t.flags,
        "--count",
        "1",
        "--durable",
        "--queue-version",
        "1",
      ]);
      assert.equal(other.code, 1);
      assert.match(other.stderr, /run with --queue-version 2/);
      assert.equal(other.stderr.trim().split("\n").length, 1, other.stderr);
    }

    // consume uses a queue as it exists; --queue-version shapes the queue it creates.
    const existing = await runScript("consume", [
      "--queue",
      t.queue,
      "--queue-version",
      "1",
      "--expect",
      "6",
      "--json",
    ]);
    assert.equal(existing.code, 0, existing.stderr);
    assert.equal(jsonOf<ConsumeJson>(existing).consumed, 6);
    const created = await runScript("consume", [
      "--queue",
      `${t.queue}.new`,
      "--exchange",
      "",
      "--queue-version",
      "2",
      "--idle-timeout",
      "1",
    ]);
    assert.equal(created.code, 0, created.stderr);
    const info = await management.queue(`${t.queue}.new`);
    assert.equal(info?.arguments?.["x-queue-version"], 2, JSON.stringify(info));
  } finally {
    await management.deleteQueue(`${t.queue}.new`);
    await t.cleanup();
  }
});

Deno.test("--queue-version: refused for quorum queues and streams, and outside 1 and 2", async () => {
  for (const script of ["produce", "consume", "bench"]) {
    const quorum = await runScript(script, ["--queue-type", "quorum", "--queue-version", "2"]);
    assert.equal(quorum.code, 2, `${script}: ${quorum.stderr}`);
    assert.match(quorum.stderr, /--queue-version applies to classic queues only/);
    const three = await runScript(script, ["--queue-version", "3"]);
    assert.equal(three.code, 2, `${script}: ${three.stderr}`);
    assert.match(three.stderr, /--queue-version.*Allowed choices are 1, 2/);
  }
});
