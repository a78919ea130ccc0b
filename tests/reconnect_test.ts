/**
 * Connections that drop mid-run: the producer reconnects and publishes again whatever was not
 * confirmed, so every message is in the queue at least once. The drops come from a proxy in
 * front of the shared broker, which is never stopped.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import type { ProduceSummary } from "../scripts/produce.ts";
import {
  AMQP_URL,
  depthReaches,
  jsonOf,
  produceOk,
  queueDepth,
  runScript,
  shownSeqs,
  spawnScript,
  testTopology,
} from "./helpers.ts";
import { proxiedBroker, QUEUE_DECLARE } from "./tcp_proxy.ts";

Deno.test("produce survives two dropped connections: all confirmed, every seq in the queue", async () => {
  const t = testTopology("reconnect-produce");
  const { proxy, url: viaProxy } = proxiedBroker(AMQP_URL);
  const n = 30_000;
  try {
    const producer = spawnScript("produce", [
      "--url",
      viaProxy,
      ...t.flags,
      "--audit-queue",
      "",
      "--count",
      String(n),
      "--durable",
      "--rate",
      "10000",
      "--json",
    ]);
    // Drop every connection twice while the producer runs: a fifth and half of the way in.
    await depthReaches(t.queue, n / 5);
    proxy.dropAll();
    await depthReaches(t.queue, n / 2);
    proxy.dropAll();
    const run = await producer.done;
    assert.equal(run.code, 0, run.stderr);
    assert.ok(proxy.dropped >= 4, `connections were dropped (${proxy.dropped} sockets)`);
    assert.match(run.stderr, /connection lost/);
    assert.match(run.stderr, /reconnected/);
    const summary = jsonOf<ProduceSummary>(run);
    assert.equal(summary.confirmed, n);
    assert.equal(summary.published, n);

    const depth = await queueDepth(t.queue);
    assert.ok(depth >= n, `at least every message once (${depth})`);
    const consumed = await runScript("consume", [
      "--queue",
      t.queue,
      "--expect",
      String(depth),
      "--show",
      "--json",
    ]);
    assert.equal(consumed.code, 0, consumed.stderr);
    const seqs = new Set(
      shownSeqs(consumed.stdout),
    );
    assert.equal(seqs.size, n, "lost=0: every sequence number arrived");
    const c = jsonOf<ConsumeSummary>(consumed);
    assert.equal(c.duplicates, depth - n, "copies from the re-publish are counted as duplicates");
  } finally {
    await proxy.close();
    await t.cleanup();
  }
});

Deno.test("consume survives two dropped connections: every message handled, redeliveries counted", async () => {
  const t = testTopology("reconnect-consume");
  const { proxy, url: viaProxy } = proxiedBroker(AMQP_URL);
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
    // Slow enough (1 ms a message, prefetch 200) that the drops land mid-run.
    const consumer = spawnScript("consume", [
      "--url",
      viaProxy,
      "--queue",
      t.queue,
      "--work-ms",
      "1",
      "--prefetch",
      "200",
      "--idle-timeout",
      "5",
      "--show",
      "--json",
    ]);
    // Drop every connection a fifth and half of the way through; the consumer then drains the
    // queue and stops by itself once nothing comes for 5 s.
    await depthReaches(t.queue, n * 0.8, { below: true });
    proxy.dropAll();
    await depthReaches(t.queue, n * 0.5, { below: true });
    proxy.dropAll();
    const run = await consumer.done;
    assert.equal(run.code, 0, run.stderr);
    assert.ok(proxy.dropped >= 4, `connections were dropped (${proxy.dropped} sockets)`);
    assert.match(run.stderr, /consume: connection lost/);
    assert.match(run.stderr, /consume: reconnected/);
    const seqs = shownSeqs(run.stdout);
    assert.equal(new Set(seqs).size, n, "every message was handled");
    const c = jsonOf<ConsumeSummary>(run);
    assert.equal(c.consumed, seqs.length);
    assert.ok(
      c.redelivered > 0,
      "what was in hand when the connection died came again, redelivered",
    );
    assert.equal(
      c.duplicates,
      seqs.length - n,
      "and messages handled twice are counted, not hidden",
    );
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await proxy.close();
    await t.cleanup();
  }
});

Deno.test("a confirm that never comes ends the run after --confirm-timeout instead of hanging", async () => {
  const t = testTopology("confirm-timeout");
  const { proxy, url: viaProxy } = proxiedBroker(AMQP_URL);
  try {
    const producer = spawnScript("produce", [
      "--url",
      viaProxy,
      ...t.flags,
      "--audit-queue",
      "",
      "--count",
      "100000",
      "--rate",
      "5000",
      "--confirm-timeout",
      "2",
    ]);
    await depthReaches(t.queue, 1_000); // publishing is under way
    const stalledAt = Date.now();
    proxy.stall();
    const run = await producer.done;
    const waited = (Date.now() - stalledAt) / 1000;
    assert.equal(run.code, 1);
    assert.match(run.stderr, /did not confirm message \d+ within 2s \(--confirm-timeout 2\)/);
    assert.ok(waited < 8, `gave up in ${waited.toFixed(1)}s, before the 10 s heartbeat`);
  } finally {
    await proxy.close();
    await t.cleanup();
  }
});

Deno.test("consume survives a connection lost while it declares its queue, before it subscribed", async () => {
  const t = testTopology("reconnect-start");
  const { proxy, url: viaProxy } = proxiedBroker(AMQP_URL);
  try {
    await produceOk([...t.flags, "--audit-queue", "", "--count", "100"]);
    proxy.dropWhenClientSends(QUEUE_DECLARE);
    const run = await runScript("consume", [
      "--url",
      viaProxy,
      "--queue",
      t.queue,
      "--expect",
      "100",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(proxy.dropped >= 2, `the first connection was dropped (${proxy.dropped} sockets)`);
    assert.match(run.stderr, /consume: connection lost/);
    assert.match(run.stderr, /consume: reconnected/);
    assert.equal(jsonOf<ConsumeSummary>(run).consumed, 100);
  } finally {
    await proxy.close();
    await t.cleanup();
  }
});
