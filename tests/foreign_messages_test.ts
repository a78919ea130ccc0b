/**
 * Messages that other software publishes: pika's catalogue (every field type it writes, wide
 * integers, non-UTF-8 strings, 100 KB of headers, 2,000 headers, out-of-range timestamps, empty
 * and 10 MB bodies) and amqplib's typed numbers go through consume, retry, dead-letter and the
 * monitor's feed, with exact counts; the dead-letter copies are compared field by field.
 */
import assert from "node:assert/strict";
import { SafeAmqpClient } from "../lib/amqp/mod.ts";
import type { RetryEntry } from "../lib/messaging/mod.ts";
import {
  caseOf,
  dumpQueue,
  publishCatalogue,
  publishOversized,
  publishTyped,
} from "./foreign_client.ts";
import {
  AMQP_URL,
  eventually,
  jsonOf,
  management,
  queueDepth,
  runScript,
  spawnScript,
  uniqueName,
  withConnection,
} from "./helpers.ts";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";
import { proxiedBroker } from "./tcp_proxy.ts";

/** Cases pika publishes, plus amqplib's typed message. */
const CASES = 14;
/** Headers our copies add; everything else must be as published. */
const ADDED_HEADERS = ["x-error", "x-original-queue", "x-retries", "x-retry-history"];

/** Queues named for one test (declared plain, as another application would), deleted after. */
async function withQueues(
  prefix: string,
  names: string[],
  fn: (queues: Record<string, string>) => Promise<void>,
): Promise<void> {
  const base = uniqueName(prefix);
  const queues = Object.fromEntries(names.map((n) => [n, `${base}.${n}`]));
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    for (const q of Object.values(queues)) await ch.queueDeclare(q, { durable: false });
  });
  try {
    await fn(queues);
  } finally {
    for (const q of Object.values(queues)) {
      await management.deleteQueue(q);
      await management.deleteQueue(`${q}.dlq`);
      await management.deleteExchange(`${q}.dlx`);
    }
  }
}

/** Publishes every foreign case into `queue` through the default exchange. */
async function publishAll(queue: string): Promise<void> {
  const cases = await publishCatalogue("", queue);
  await publishTyped("", queue);
  assert.equal(cases.length + 1, CASES);
}

Deno.test("consume takes every foreign message, whatever its headers and size, and exits 0", async () => {
  await withQueues("foreign.consume", ["work"], async ({ work }) => {
    await publishAll(work);
    const run = await runScript("consume", [
      "--queue",
      work,
      "--expect",
      String(CASES),
      "--idle-timeout",
      "30",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const summary = jsonOf(run);
    assert.equal(summary.consumed, CASES, run.stderr);
    assert.equal(summary.foreign, CASES, "none of them carries our envelope");
    assert.equal(summary.latency_ms, null, "no send time of ours: no latency, not 0 ms");
    assert.equal(summary.dead_lettered, 0);
    assert.equal(await queueDepth(work), 0, "every message was acked");
  });
});

Deno.test("retry and dead-letter copies keep every property and header of a foreign message", async () => {
  await withQueues("foreign.dlq", ["work", "control"], async ({ work, control }) => {
    await publishAll(work);
    await publishAll(control); // the same messages, untouched, to compare with
    const run = await runScript("consume", [
      "--queue",
      work,
      "--expect",
      String(CASES),
      "--fail-rate",
      "1",
      "--max-retries",
      "1",
      "--idle-timeout",
      "30",
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const summary = jsonOf(run);
    assert.deepEqual(
      [summary.retried, summary.dead_lettered, summary.consumed],
      [CASES, CASES, 0],
      run.stdout,
    );
    const originals = await dumpQueue(control);
    const copies = new Map((await dumpQueue(`${work}.dlq`)).map((m) => [caseOf(m), m]));
    assert.equal(originals.length, CASES);
    assert.equal(copies.size, CASES);
    for (const original of originals) {
      const name = caseOf(original);
      const copy = copies.get(name);
      assert.ok(copy, `${name}: no dead-letter copy`);
      const headers = { ...copy.headers.table };
      assert.deepEqual(headers["x-retries"], { int: "1" }, `${name}: x-retries`);
      assert.deepEqual(headers["x-error"], { str: "simulated failure (--fail-rate)" });
      assert.deepEqual(headers["x-original-queue"], { str: work });
      const history = JSON.parse((headers["x-retry-history"] as { str?: string })?.str ?? "[]");
      assert.deepEqual(
        history.map((r: RetryEntry) => [r.attempt, r.delay_ms, r.queue, r.error]),
        [[1, 0, work, "simulated failure (--fail-rate)"]],
        `${name}: x-retry-history`,
      );
      for (const added of ADDED_HEADERS) delete headers[added];
      assert.deepEqual(headers, original.headers.table, `${name}: headers`);
      assert.deepEqual(copy.properties, original.properties, `${name}: properties`);
      assert.equal(copy.body_length, original.body_length, `${name}: body length`);
      assert.equal(copy.body_sha256, original.body_sha256, `${name}: body`);
    }
  });
});

Deno.test("a dead-letter copy too large for a frame stops the run with exit 1, naming the message", async () => {
  await withQueues("foreign.toolarge", ["work"], async ({ work }) => {
    // 131,000 bytes of header: the broker takes it (frame_max 131,072), but the copy with
    // x-error and x-original-queue added would not fit in a frame.
    const published = await publishOversized(work, 131_000);
    assert.equal(published.published, 1, JSON.stringify(published));
    const run = await runScript("consume", [
      "--queue",
      work,
      "--expect",
      "1",
      "--fail-rate",
      "1",
      "--max-retries",
      "0",
      "--idle-timeout",
      "30",
    ]);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0],
      /^consume: delivery #1 .* could not be copied to the dead-letter exchange/,
    );
    assert.match(lines[0], /more than a frame of 131072 bytes/);
    assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
    await eventually("the message back in its queue", async () => {
      const depth = await queueDepth(work);
      return depth === 1 ? depth : undefined;
    });
  });
});

Deno.test("the broker refuses a 1 MB header from any client, so no queue can hold one", async () => {
  await withQueues("foreign.oversized", ["work"], async ({ work }) => {
    const answer = await publishOversized(work, 1_000_000);
    assert.match(answer.refused ?? "", /frame_too_large/, JSON.stringify(answer));
    assert.equal(await queueDepth(work), 0);
  });
});

Deno.test("a header frame larger than the frame size, split over hundreds of reads, is read", async () => {
  await withQueues("foreign.split", ["work"], async ({ work }) => {
    const cases = await publishCatalogue("", work, [
      "all-field-types",
      "header-100kb",
      "many-headers",
      "timestamp-max",
    ]);
    // The client's own default (8 KB) and 1,000-byte reads: the 100 KB and 2,000-header frames
    // arrive in pieces, far larger than the frame size negotiated.
    const { proxy, url } = proxiedBroker(AMQP_URL, { chunkBytes: 1_000 });
    const client = new SafeAmqpClient(`${url}?frameMax=8192`);
    try {
      await client.connect();
      const ch = await client.channel();
      const sizes = new Map<string, number>();
      const consumer = await ch.basicConsume(work, { noAck: true }, (msg) => {
        const headers = msg.properties.headers ?? {};
        sizes.set(String(headers.case), JSON.stringify(headers).length);
        if (sizes.size === cases.length) consumer.cancel().catch(() => {}); // closed next anyway
      });
      await eventually(
        "every message through the chunking proxy",
        () => sizes.size === cases.length ? true : undefined,
        30_000,
        () => `${sizes.size} of ${cases.length} received`,
      );
      assert.ok(sizes.get("header-100kb")! > 100_000, "the 100 KB header arrived whole");
      assert.ok(sizes.get("many-headers")! > 20_000, "the 2,000 headers arrived whole");
      assert.equal(client.closed, false, "the connection survived");
    } finally {
      await client.close().catch(() => {});
      await proxy.close();
    }
  });
});

Deno.test("--expect not reached: an idle timeout exits 1, Ctrl+C exits 130, both say how far it got", async () => {
  await withQueues("foreign.short", ["work"], async ({ work }) => {
    await publishTyped("", work);
    await publishTyped("", work);
    const idle = await runScript("consume", [
      "--queue",
      work,
      "--expect",
      "3",
      "--idle-timeout",
      "1",
    ]);
    assert.equal(idle.code, 1, idle.stderr);
    assert.match(idle.stdout, /^consumed=2 /m);
    assert.match(
      idle.stderr,
      /^consume: stopped at 2 of 3 expected: nothing arrived for 1s \(--idle-timeout\)$/m,
    );

    await publishTyped("", work);
    const running = spawnScript("consume", ["--queue", work, "--expect", "3"]);
    await eventually("the consumer to take the message", async () => {
      const q = (await management.queues()).find((q) => q.name === work);
      return q && q.consumers === 1 && await queueDepth(work) === 0 ? true : undefined;
    });
    running.kill("SIGINT");
    const interrupted = await running.done;
    assert.equal(interrupted.code, 130, interrupted.stderr);
    assert.match(interrupted.stderr, /^consume: stopped at 1 of 3 expected: interrupted$/m);
  });
});

Deno.test("the monitor's live feed shows every foreign message and keeps serving", async () => {
  const exchange = `${uniqueName("foreign.feed")}.x`;
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.exchangeDeclare(exchange, "fanout", { durable: false });
  });
  const monitor = await startTestMonitor({ publishExchanges: [exchange] });
  try {
    let published = false;
    const events = await readEvents(
      `${monitor.url}/api/feed?exchange=${encodeURIComponent(exchange)}`,
      (events) => feedCount(events) >= CASES,
      60_000,
      async () => {
        await publishCatalogue(exchange, "any");
        await publishTyped(exchange, "any");
        published = true;
      },
    );
    assert.ok(published);
    assert.equal(feedCount(events), CASES, "every message reached the feed, once");
    const shown = events.filter((e) => e.event === "messages")
      .flatMap((e) => JSON.parse(e.data).messages as { size: number }[]);
    assert.ok(shown.some((m) => m.size === 10 * 1024 * 1024), "the 10 MB body is listed");
    const overview = await fetch(`${monitor.url}/api/overview`);
    assert.equal(overview.status, 200, "the monitor still serves");
    await overview.body?.cancel();
  } finally {
    await monitor.close();
    await management.deleteExchange(exchange);
  }
});

/** Messages the feed counted so far. */
function feedCount(events: { event: string; data: string }[]): number {
  return events.filter((e) => e.event === "messages")
    .reduce((sum, e) => sum + (JSON.parse(e.data).count as number), 0);
}

Deno.test("POST /api/publish sends header numbers exactly, as another client reads them, or answers 422", async () => {
  await withQueues("foreign.api", ["work"], async ({ work }) => {
    const monitor = await startTestMonitor({ publishExchanges: [""] });
    const publish = (headers: Record<string, unknown>) =>
      fetch(`${monitor.url}/api/publish`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ exchange: "", routing_key: work, body: "numbers", headers }),
      });
    try {
      const ok = await publish({
        int32: -2147483648,
        above: 2147483648,
        wide: 9007199254740991,
        half: 0.5,
        text: "t",
      });
      assert.equal(ok.status, 200, await ok.text());
      const [message] = await dumpQueue(work);
      const h = message.headers.table;
      assert.deepEqual(
        [h.int32, h.above, h.wide, h.half, h.text],
        [
          { int: "-2147483648" },
          { int: "2147483648" },
          { int: "9007199254740991" },
          { float: "0.5" },
          { str: "t" },
        ],
      );
      for (const [name, value] of [["huge", 1e300], ["tenth", 0.1]] as const) {
        const refused = await publish({ [name]: value });
        const answer = await refused.json();
        assert.equal(refused.status, 422, JSON.stringify(answer));
        assert.match(answer.error, new RegExp(`header '${name}'`));
      }
      assert.equal(await queueDepth(work), 0, "nothing was published for a refused request");
    } finally {
      await monitor.close();
    }
  });
});
