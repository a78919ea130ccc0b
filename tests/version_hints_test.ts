/**
 * Each hint names the flag that changes the outcome on the broker at hand: the seed's "remove
 * --durable" now that queues are durable by default, a leftover non-durable audit queue met by
 * a --lazy run (lazy mode means nothing on 3.12+), consume --lazy, and --transient-queues on a
 * broker that still permits non-durable queues.
 */
import assert from "node:assert/strict";
import { brokerIsAtLeast, management, runScript, testTopology, withConnection } from "./helpers.ts";

/** Declares `queue` non-durable, as an older run or another client left it. */
function leaveNonDurable(queue: string): Promise<void> {
  return withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.queueDeclare(queue, { durable: false });
  });
}

Deno.test("a non-durable queue: a run without --durable uses it as it is; one with --durable is told to drop --durable", async () => {
  const t = testTopology("hint-durable");
  try {
    await leaveNonDurable(t.queue);
    const plain = await runScript("produce", [...t.flags, "--audit-queue", "", "--count", "2"]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /queue '\S+' exists non-durable: used as it is/);
    assert.equal((await management.queue(t.queue))?.durable, false, "left as it was");

    const durable = await runScript("produce", [
      ...t.flags,
      "--audit-queue",
      "",
      "--durable",
      "--count",
      "2",
    ]);
    assert.equal(durable.code, 1, durable.stderr);
    assert.match(
      durable.stderr,
      /already exists with durable='false', but this run asks for durable='true'\. Either run without --durable, or delete it \(deno task cleanup --queue \S+\)/,
    );
    assert.doesNotMatch(durable.stderr, /--transient-queues/, "the flag that changes nothing");
  } finally {
    await t.cleanup();
  }
});

Deno.test("a leftover non-durable audit queue: --durable --lazy is told to drop --durable, and --lazy only where lazy mode still exists", async () => {
  const t = testTopology("hint-lazy-audit");
  const lazyMatters = !(await brokerIsAtLeast("3.12"));
  try {
    await leaveNonDurable(t.auditQueue);
    const run = await runScript("produce", [...t.flags, "--durable", "--lazy", "--count", "1"]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /run without --durable/);
    if (lazyMatters) {
      assert.match(run.stderr, /without --durable, without --lazy/);
    } else {
      assert.doesNotMatch(run.stderr, /without --lazy|with --lazy/, run.stderr);
    }

    // Without --durable, the audit queue is taken as it is; --lazy decides nothing more on 3.12+.
    const lazy = await runScript("produce", [...t.flags, "--lazy", "--count", "1"]);
    if (lazyMatters) {
      assert.equal(lazy.code, 1, lazy.stderr);
      assert.match(lazy.stderr, /Either run without --lazy,/);
    } else {
      assert.equal(lazy.code, 0, lazy.stderr);
      assert.match(lazy.stderr, /queue '\S+\.audit' exists non-durable: used as it is/);
      assert.match(lazy.stderr, /--lazy does nothing on RabbitMQ/);
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("consume --lazy says what --lazy does on this broker, as produce does", async () => {
  const t = testTopology("hint-consume-lazy");
  try {
    const produced = await runScript("produce", [...t.flags, "--count", "1"]);
    assert.equal(produced.code, 0, produced.stderr);
    const run = await runScript("consume", ["--queue", t.queue, "--lazy", "--expect", "1"]);
    assert.equal(run.code, 0, run.stderr);
    if (await brokerIsAtLeast("3.12")) {
      assert.match(run.stderr, /^consume: --lazy does nothing on RabbitMQ \S+ /m);
    } else {
      assert.doesNotMatch(run.stderr, /--lazy/);
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("--transient-queues on a broker that permits it: a note that RabbitMQ 4.x deprecates it", async () => {
  const t = testTopology("hint-transient");
  try {
    const run = await runScript("produce", [...t.flags, "--transient-queues", "--count", "1"]);
    assert.equal(run.code, 0, run.stderr);
    const on4 = await brokerIsAtLeast("4.0");
    assert.match(
      run.stderr,
      on4
        ? /^produce: non-durable queues \(--transient-queues\) are deprecated on RabbitMQ 4\.\S+ \(transient_nonexcl_queues\)/m
        : /^produce: non-durable queues \(--transient-queues\) are deprecated from RabbitMQ 4\.0 on \(transient_nonexcl_queues\)/m,
    );
    assert.equal((await management.queue(t.queue))?.durable, false, "declared as asked");
  } finally {
    await t.cleanup();
  }
});
