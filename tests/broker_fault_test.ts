/**
 * The broker itself SIGKILLed and restarted mid-run (a private node, never the shared broker):
 * nothing confirmed is lost, duplicates are reported. Each test ends with a Jepsen-style tally.
 */
import assert from "node:assert/strict";
import { AMQPClient } from "@cloudamqp/amqp-client";
import type { ConsumeSummary } from "../scripts/consume.ts";
import type { ProduceSummary } from "../scripts/produce.ts";
import { jsonOf, produceOk, spawnScript } from "./helpers.ts";
import { PrivateBroker } from "./private_broker.ts";

const N = 200_000;
const topology = ["--exchange", "fault.x", "--queue", "fault.q", "--audit-queue", ""];

async function depth(url: string): Promise<number> {
  const conn = new AMQPClient(url);
  await conn.connect();
  try {
    const ch = await conn.channel();
    return (await ch.queueDeclare("fault.q", { passive: true })).messageCount;
  } finally {
    await conn.close().catch(() => {});
  }
}

/** Consumes the whole queue; returns how many distinct messages and how many copies arrived. */
async function drain(
  url: string,
): Promise<{ unique: number; duplicates: number }> {
  const consumer = spawnScript("consume", ["--url", url, "--queue", "fault.q", "--json"]);
  while ((await depth(url)) > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the last acks
  consumer.kill("SIGTERM");
  const run = await consumer.done;
  assert.equal(run.code, 0, run.stderr);
  const c = jsonOf<ConsumeSummary>(run);
  return { unique: c.consumed - c.duplicates, duplicates: c.duplicates };
}

function tally(ok: number, lost: number, duplicated: number): string {
  return `ok=${ok} lost=${lost} recovered=0 duplicated=${duplicated} unexpected=0`;
}

Deno.test({
  name: "broker SIGKILLed during produce --durable: every message confirmed once, all in the queue",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start();
    try {
      const producer = spawnScript("produce", [
        "--url",
        broker.url,
        ...topology,
        "--count",
        String(N),
        "--durable",
        "--json",
      ]);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await broker.kill();
      await broker.restart();
      const run = await producer.done;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /connection lost/);
      const p = jsonOf<ProduceSummary>(run);
      assert.deepEqual([p.published, p.confirmed, p.nacked, p.returned], [N, N, 0, 0]);

      const { unique, duplicates } = await drain(broker.url);
      const lost = N - unique;
      console.log(`produce across a broker crash: ${tally(unique, lost, duplicates)}`);
      assert.equal(lost, 0);
    } finally {
      await broker.stop();
    }
  },
});

Deno.test({
  name:
    "broker SIGKILLed while consume drains 200,000 durable messages: each consumed at least once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start();
    try {
      await produceOk([
        "--url",
        broker.url,
        ...topology,
        "--count",
        String(N),
        "--durable",
      ]);
      const consumer = spawnScript("consume", [
        "--url",
        broker.url,
        "--queue",
        "fault.q",
        "--prefetch",
        "500",
        "--json",
      ]);
      while ((await depth(broker.url)) > N * 0.7) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await broker.kill();
      await broker.restart();
      while ((await depth(broker.url)) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      consumer.kill("SIGTERM");
      const run = await consumer.done;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /consume: reconnected/);
      const c = jsonOf<ConsumeSummary>(run);
      const unique = c.consumed - c.duplicates;
      console.log(
        `consume across a broker crash: ${
          tally(unique, N - unique, c.duplicates)
        } redelivered=${c.redelivered}`,
      );
      assert.equal(unique, N, "lost=0");
      assert.ok(c.redelivered > 0, "what was unacked at the crash came again");
    } finally {
      await broker.stop();
    }
  },
});

Deno.test({
  name: "a disk alarm during produce: the producer pauses, says why, and completes once it clears",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start();
    try {
      const n = 20_000;
      const producer = spawnScript("produce", [
        "--url",
        broker.url,
        ...topology,
        "--count",
        String(n),
        "--durable",
        "--rate",
        "4000",
        "--json",
      ]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await broker.ctl("set_disk_free_limit", "999999999999999"); // more than any disk: the alarm goes off
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const during = await depth(broker.url);
      await broker.ctl("set_disk_free_limit", "1000000");
      const run = await producer.done;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /broker blocked: .*disk/i);
      assert.match(run.stderr, /broker unblocked/);
      assert.ok(during < n, `publishing paused during the alarm (${during} queued)`);
      const p = jsonOf<ProduceSummary>(run);
      assert.equal(p.confirmed, n);
      assert.ok(p.seconds > 5, "the run waited for the alarm to clear");
      assert.equal(await depth(broker.url), n);
    } finally {
      await broker.stop();
    }
  },
});
