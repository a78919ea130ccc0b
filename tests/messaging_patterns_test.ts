/**
 * The patterns the tutorials teach, run as a user runs them: topic and headers routing,
 * dead-lettering of what any client rejects or lets expire, and retries that wait in delay
 * queues on the broker.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary as ConsumeJson } from "../scripts/consume.ts";
import type { ProduceSummary as ProduceJson } from "../scripts/produce.ts";
import { rejectWithPika } from "./foreign_client.ts";
import { readEnvelope, readRetryHistory, RETRY_HISTORY_HEADER } from "../lib/messaging/mod.ts";
import {
  brokerIsAtLeast,
  depthReaches,
  jsonOf,
  produceOk,
  queueDepth,
  runScript,
  testTopology,
  withConnection,
} from "./helpers.ts";

/** One message of `queue` as the broker holds it, taken and requeued (left in place). */
async function peek(queue: string) {
  return await withConnection(async (conn) => {
    const ch = await conn.channel();
    const msg = await ch.basicGet(queue, { noAck: false });
    if (!msg) throw new Error(`'${queue}' is empty`);
    await msg.nack(true);
    return msg;
  });
}

/** The `x-death` entries the broker wrote on a dead-lettered message. */
function deathsOf(msg: { properties: { headers?: Record<string, unknown> } }) {
  const deaths = msg.properties.headers?.["x-death"];
  assert.ok(Array.isArray(deaths), `x-death is missing: ${JSON.stringify(msg.properties)}`);
  return deaths as Array<Record<string, unknown>>;
}

Deno.test("topic: --binding-key 'logs.*' routes logs.error to both queues and returns audit.login", async () => {
  const t = testTopology("topic");
  const flags = [...t.flags, "--exchange-type", "topic", "--binding-key", "logs.*", "--json"];
  try {
    const routed = jsonOf<ProduceJson>(
      await produceOk([...flags, "--routing-key", "logs.error", "--count", "5"]),
    );
    assert.deepEqual([routed.confirmed, routed.returned], [5, 0]);
    assert.equal(await queueDepth(t.queue), 5);
    assert.equal(await queueDepth(t.auditQueue), 5);

    const run = await runScript("produce", [
      ...flags,
      "--routing-key",
      "audit.login",
      "--count",
      "4",
    ]);
    assert.equal(run.code, 1, "unroutable messages are not confirmed deliveries");
    assert.equal(jsonOf<ProduceJson>(run).returned, 4);
    assert.match(run.stderr, /returned means unroutable.*routing key 'audit\.login'/);
    assert.equal(await queueDepth(t.queue), 5, "nothing more arrived");
  } finally {
    await t.cleanup();
  }
});

/** Produce flags binding `t`'s queues to a headers exchange on region=eu and tier=gold. */
function headersBinding(t: { flags: string[] }): string[] {
  const bind = ["--bind-header", "region=eu", "--bind-header", "tier=gold"];
  return [...t.flags, "--exchange-type", "headers", ...bind, "--count", "3", "--json"];
}

Deno.test("headers: --bind-header with --match any or all routes by the --header of each message", async () => {
  const t = testTopology("headers");
  try {
    const bind = headersBinding(t);
    const any = jsonOf<ProduceJson>(
      await produceOk([...bind, "--match", "any", "--header", "region=eu"]),
    );
    assert.deepEqual([any.confirmed, any.returned], [3, 0]);
    assert.equal(await queueDepth(t.queue), 3);
    const msg = await peek(t.queue);
    assert.equal(msg.properties.headers?.region, "eu");
    assert.equal(readEnvelope(msg.properties)?.seq, 1, "the envelope is kept");

    const other = await runScript("produce", [...bind, "--match", "any", "--header", "region=us"]);
    assert.equal(jsonOf<ProduceJson>(other).returned, 3, "neither header matches");
    assert.match(other.stderr, /with headers these messages match/);
  } finally {
    await t.cleanup();
  }
  const all = testTopology("headers-all");
  try {
    const bind = headersBinding(all);
    const half = await runScript("produce", [...bind, "--header", "region=eu"]);
    assert.equal(jsonOf<ProduceJson>(half).returned, 3, "x-match all (the default) needs both");
    const both = await produceOk([...bind, "--header", "region=eu", "--header", "tier=gold"]);
    assert.equal(jsonOf<ProduceJson>(both).confirmed, 3);
  } finally {
    await all.cleanup();
  }
});

Deno.test("--dead-letter: a message pika rejects lands in <queue>.dlq with its x-death", async () => {
  const t = testTopology("dlx-foreign");
  try {
    await produceOk([...t.flags, "--dead-letter", "--count", "3"]);
    assert.equal(await rejectWithPika(t.queue, 2), 2);
    await depthReaches(`${t.queue}.dlq`, 2, { timeoutMs: 20_000 });
    const death = deathsOf(await peek(`${t.queue}.dlq`))[0];
    assert.equal(death.reason, "rejected");
    assert.equal(death.queue, t.queue);
    assert.equal(await queueDepth(t.queue), 1);
    assert.equal(await queueDepth(t.auditQueue), 3, "the audit copy does not dead-letter");
  } finally {
    await t.cleanup();
  }
});

Deno.test("--message-ttl and --expiration: expired messages dead-letter with reason 'expired'", async () => {
  const t = testTopology("ttl");
  try {
    await produceOk([...t.flags, "--dead-letter", "--message-ttl", "200", "--count", "3"]);
    await depthReaches(`${t.queue}.dlq`, 3, { timeoutMs: 20_000 });
    assert.equal(deathsOf(await peek(`${t.queue}.dlq`))[0].reason, "expired");
    assert.equal(await queueDepth(t.auditQueue), 3, "the audit queue keeps every message");
  } finally {
    await t.cleanup();
  }
  const e = testTopology("expiration");
  try {
    await produceOk([...e.flags, "--dead-letter", "--expiration", "200", "--count", "2"]);
    await depthReaches(`${e.queue}.dlq`, 2, { timeoutMs: 20_000 });
    const msg = await peek(`${e.queue}.dlq`);
    assert.equal(deathsOf(msg)[0].reason, "expired");
    assert.equal(deathsOf(msg)[0]["original-expiration"], "200");
  } finally {
    await e.cleanup();
  }
});

Deno.test("--retry-delay: retries wait in delay queues, doubling, while other messages go on", async () => {
  const t = testTopology("retry-delay");
  try {
    await produceOk([...t.flags, "--dead-letter", "--count", "1", "--text", "poison"]);
    await produceOk([...t.flags, "--dead-letter", "--count", "5"]);
    const run = await runScript("consume", [
      "--queue",
      t.queue,
      "--dead-letter",
      "--fail-on",
      "poison",
      "--retry-delay",
      "300",
      "--max-retries",
      "2",
      "--expect",
      "6",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const c = jsonOf<ConsumeJson>(run);
    assert.deepEqual([c.consumed, c.retried, c.dead_lettered], [5, 2, 1]);
    assert.ok(c.seconds >= 0.9, `two waits of 300 and 600 ms, but the run took ${c.seconds}s`);

    // Our own history header lists both retries, whatever the broker's version.
    const dead = await peek(`${t.queue}.dlq`);
    const retries = readRetryHistory(dead.properties.headers?.[RETRY_HISTORY_HEADER]);
    assert.deepEqual(retries.map((r) => [r.attempt, r.delay_ms, r.queue]), [
      [1, 300, `${t.queue}.retry.300`],
      [2, 600, `${t.queue}.retry.600`],
    ]);
    for (const r of retries) assert.match(r.error, /poison/);
    // The broker's x-death: before 3.13 every wait and the final reject; since, a copy we
    // publish starts a fresh x-death, so only the last wait and the reject are left.
    const deaths = deathsOf(dead).map((d) => `${d.queue}:${d.reason}`).sort();
    const lastWaitAndReject = [`${t.queue}.retry.600:expired`, `${t.queue}:rejected`];
    assert.deepEqual(
      deaths,
      (await brokerIsAtLeast("3.13"))
        ? lastWaitAndReject
        : [`${t.queue}.retry.300:expired`, ...lastWaitAndReject],
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("--retry-delay: a retry still waiting when the consumer stops stays on the broker", async () => {
  const t = testTopology("retry-kept");
  try {
    await produceOk([...t.flags, "--audit-queue", "", "--count", "1", "--text", "poison"]);
    await produceOk([...t.flags, "--audit-queue", "", "--count", "3"]);
    const run = await runScript("consume", [
      "--queue",
      t.queue,
      "--fail-on",
      "poison",
      "--retry-delay",
      "600000",
      "--expect",
      "3",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([jsonOf<ConsumeJson>(run).consumed, jsonOf<ConsumeJson>(run).retried], [3, 1]);
    assert.equal(await queueDepth(`${t.queue}.retry.600000`), 1, "the pending retry is kept");
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("consume --dead-letter: a queue made without it is refused with the way out; one with a TTL is fine", async () => {
  const t = testTopology("dlx-mismatch");
  try {
    await produceOk([...t.flags, "--count", "1"]);
    const run = await runScript("consume", [
      "--queue",
      t.queue,
      "--dead-letter",
      "--expect",
      "1",
    ]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /has no dead-letter exchange.*Run without --dead-letter.*cleanup --queue/,
    );
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    assert.equal(await queueDepth(t.queue), 1, "nothing was taken");
  } finally {
    await t.cleanup();
  }
  const ttl = testTopology("dlx-ttl");
  try {
    await produceOk([...ttl.flags, "--dead-letter", "--message-ttl", "600000", "--count", "2"]);
    const run = await runScript("consume", [
      "--queue",
      ttl.queue,
      "--dead-letter",
      "--fail-rate",
      "1",
      "--max-retries",
      "0",
      "--expect",
      "2",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(jsonOf<ConsumeJson>(run).dead_lettered, 2);
    await depthReaches(`${ttl.queue}.dlq`, 2, { timeoutMs: 20_000 });
  } finally {
    await ttl.cleanup();
  }
});
