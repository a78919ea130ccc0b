/**
 * Dead-letter redrive against the real broker: messages rejected into a dead-letter queue go
 * back to their origin queue, each acked only after its copy was confirmed; one without an
 * origin stays; with the connection cut midway nothing is lost and a second run moves the rest.
 * The same through `deno task redrive` and `POST /api/queues/NAME/redrive` (its scope, and the
 * action record).
 */
import assert from "node:assert/strict";
import { SafeAmqpClient } from "../lib/amqp/mod.ts";
import { RedriveInterrupted, RedriveRun } from "../lib/queue_actions/mod.ts";
import {
  AMQP_URL,
  eventually,
  management,
  queueDepth,
  runScript,
  uniqueName,
  withConnection,
} from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import { DEVICES, launchBrowser, openPage, waitForText } from "./browser.ts";

/** An origin queue dead-lettering into its DLQ (bound from its own exchange), both deleted after. */
async function withDeadLetters(
  prefix: string,
  count: number,
  fn: (names: { origin: string; dlq: string; dlx: string }) => Promise<void>,
) {
  const origin = uniqueName(`${prefix}.q`);
  const dlq = `${origin}.dlq`;
  const dlx = `${origin}.dlx`;
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.exchangeDeclare(dlx, "direct", { durable: false });
      await ch.queueDeclare(dlq, { durable: false });
      await ch.queueBind(dlq, dlx, dlq);
      await ch.queueDeclare(origin, { durable: false }, {
        "x-dead-letter-exchange": dlx,
        "x-dead-letter-routing-key": dlq,
      });
      await ch.confirmSelect();
      const sent = [];
      for (let i = 0; i < count; i++) {
        sent.push(ch.basicPublish("", origin, `message ${i}`, { messageId: String(i) }));
      }
      await Promise.all(sent);
      // Rejected without requeue: the broker dead-letters each with x-death.
      const reader = await conn.channel();
      await reader.prefetch(500);
      let rejected = 0;
      const all = Promise.withResolvers<void>();
      const consumer = await reader.basicConsume(origin, { noAck: false }, (msg) => {
        void msg.nack(false, false);
        if (++rejected === count) all.resolve();
      });
      await all.promise;
      await consumer.cancel();
    });
    await eventually(
      `${count} messages in the DLQ`,
      async () => (await queueDepth(dlq)) === count || undefined,
      20_000,
      async () => `${await queueDepth(dlq)} there`,
    );
    await fn({ origin, dlq, dlx });
  } finally {
    await management.deleteQueue(origin);
    await management.deleteQueue(dlq);
    await management.deleteExchange(dlx);
  }
}

/** Every message id in `queue`, taken (the queue is emptied). */
async function takeIds(queue: string): Promise<string[]> {
  return await withConnection(async (conn) => {
    const ch = await conn.channel();
    const ids: string[] = [];
    for (let msg = await ch.basicGet(queue, { noAck: true }); msg;) {
      ids.push(msg.properties.messageId ?? "?");
      msg = await ch.basicGet(queue, { noAck: true });
    }
    return ids;
  });
}

Deno.test("redrive returns every message of a DLQ to its origin; one without an origin stays", async () => {
  await withDeadLetters("redrive", 200, async ({ origin, dlq }) => {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.confirmSelect();
      await ch.basicPublish("", dlq, "no origin", { messageId: "orphan" });
    });
    const result = await withConnection((conn) => new RedriveRun(conn, { from: dlq }).run());
    assert.deepEqual(
      [result.read, result.moved, result.skipped, result.failed],
      [201, 200, 1, 0],
      JSON.stringify(result),
    );
    assert.deepEqual(result.destinations, { [`queue ${origin}`]: 200 });
    const back = await takeIds(origin);
    assert.deepEqual(back.map(Number).sort((a, b) => a - b), [...Array(200).keys()]);
    assert.deepEqual(await takeIds(dlq), ["orphan"]);
  });
});

Deno.test("redrive with the connection cut midway loses nothing, and a second run moves the rest", async () => {
  const count = 2000;
  await withDeadLetters("redrive-cut", count, async ({ origin, dlq }) => {
    const name = uniqueName("redrive-cut-conn");
    const url = new URL(AMQP_URL);
    url.searchParams.set("name", name);
    const conn = new SafeAmqpClient(url.toString());
    conn.onerror = () => {};
    await conn.connect();
    // Only this test's own connection is closed: found by its unique name.
    const broker = await eventually("the redrive's connection listed", async () => {
      const all = await management.connections();
      return all.find((c) => c.client_properties?.connection_name === name)?.name;
    });
    let cut: Promise<unknown> | undefined;
    const cutAt = 150;
    const run = new RedriveRun(conn, {
      from: dlq,
      confirmWindow: 1,
      onMoved: (counts) => {
        if (counts.moved !== cutAt) return;
        cut = management.request(
          "DELETE",
          `connections/${encodeURIComponent(broker)}`,
          undefined,
          { "x-reason": "cut by the test" },
        ).then(() => undefined, (error) => error);
      },
    });
    const error = await run.run().then(() => undefined, (e) => e);
    assert.equal(await cut, undefined, "the management API closed the connection");
    assert.ok(error instanceof RedriveInterrupted, `the run ended with ${error}`);
    assert.ok(error.counts.moved >= cutAt && error.counts.moved < count, error.message);
    await conn.close().catch(() => {});

    // Each message is in one queue or the other (a copy confirmed but not acked: in both).
    await eventually(
      "the cut connection's messages back in the DLQ",
      async () => (await queueDepth(dlq)) + (await queueDepth(origin)) >= count ? true : undefined,
      20_000,
      async () => `dlq ${await queueDepth(dlq)}, origin ${await queueDepth(origin)}`,
    );
    const second = await withConnection((c) => new RedriveRun(c, { from: dlq }).run());
    assert.equal(second.moved, second.read);
    assert.equal(await queueDepth(dlq), 0);
    const ids = new Set(await takeIds(origin));
    assert.equal(ids.size, count, `${ids.size} distinct messages back of ${count}`);
  });
});

Deno.test("deno task redrive --from Q moves them and says so; --routing-key alone is refused", async () => {
  await withDeadLetters("redrive-task", 20, async ({ origin, dlq }) => {
    const refused = await runScript("redrive", ["--from", dlq, "--routing-key", "x"]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /--routing-key needs --exchange/);
    const run = await runScript("redrive", ["--from", dlq]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `^moved=20 skipped=0 failed=0 read=20 from=\\S+ to=queue ${
          origin.replaceAll(".", "\\.")
        }:20 `,
      ),
    );
    assert.equal(await queueDepth(origin), 20);
  });
});

Deno.test("POST /api/queues/NAME/redrive: within the write scope, recorded; outside it 403", async () => {
  await withDeadLetters("redrive-api", 30, async ({ origin, dlq, dlx }) => {
    const outside = await startTestMonitor();
    const inside = await startTestMonitor({ publishExchanges: [dlx] });
    try {
      const path = `/api/queues/${encodeURIComponent(dlq)}/redrive`;
      const refused = await fetch(`${outside.url}${path}`, { method: "POST" });
      assert.equal(refused.status, 403);
      assert.match((await refused.json()).error, /--publish-exchange/);
      const done = await fetch(`${inside.url}${path}`, { method: "POST" });
      const answer = await done.json();
      assert.equal(done.status, 200, JSON.stringify(answer));
      assert.deepEqual([answer.moved, answer.skipped, answer.failed], [30, 0, 0]);
      assert.equal(await queueDepth(origin), 30);
      const actions = (await (await fetch(`${inside.url}/api/actions`)).json()).actions;
      assert.deepEqual(
        [actions[0].action, actions[0].object, actions[0].result],
        ["redrive", `queue '${dlq}'`, "done"],
      );
    } finally {
      await outside.close();
      await inside.close();
    }
  });
});

Deno.test("in the page: Redrive on the DLQ's page returns its messages to their origin", async () => {
  await withDeadLetters("redrive-page", 10, async ({ origin, dlq, dlx }) => {
    const monitor = await startTestMonitor({ publishExchanges: [dlx] });
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openPage(browser.context, DEVICES[0]);
      await page.goto(`${monitor.url}/queues/${encodeURIComponent(dlq)}`);
      await page.click(".queue-redrive button:text('Redrive')");
      await page.click('[data-confirm="redrive"]');
      await waitForText(
        page,
        ".queue-redrive .result",
        "moved 10, skipped 0 (no origin), failed 0",
      );
      assert.equal(await queueDepth(origin), 10);
      assert.equal(await queueDepth(dlq), 0);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await monitor.close();
    }
  });
});

Deno.test("POST /api/queues/NAME/redrive with the monitor's connection cut midway: 502 with the counts, nothing lost", async () => {
  const count = 5000;
  await withDeadLetters("redrive-api-cut", count, async ({ origin, dlq, dlx }) => {
    const monitor = await startTestMonitor({ publishExchanges: [dlx] });
    try {
      // The monitor's own connection (this test started it), found by its local port.
      const link = await monitor.context.link.connection();
      const port = link.socket?.localPort;
      assert.ok(port, "the monitor's connection has a local port");
      const broker = await eventually("the monitor's connection listed", async () => {
        const all = await management.connections();
        return all.find((c) => c.peer_port === port)?.name;
      });
      const answer = fetch(`${monitor.url}/api/queues/${encodeURIComponent(dlq)}/redrive`, {
        method: "POST",
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
      // Cut it once the first messages are back in their origin (asked without pause: the
      // whole redrive takes a fraction of a second).
      await withConnection(async (conn) => {
        const ch = await conn.channel();
        const deadline = Date.now() + 20_000;
        while ((await ch.queueDeclare(origin, { passive: true })).messageCount === 0) {
          if (Date.now() > deadline) throw new Error(`nothing reached '${origin}' in 20 s`);
        }
      });
      await management.request(
        "DELETE",
        `connections/${encodeURIComponent(broker)}`,
        undefined,
        { "x-reason": "cut by the test" },
      );
      const { status, body } = await answer;
      assert.equal(status, 502, `the redrive finished before the cut: ${JSON.stringify(body)}`);
      assert.match(body.error, /every message not acked is back in the dead-letter queue/);
      assert.ok(body.moved < count, JSON.stringify(body));

      // Run again (the monitor connects anew): every message back in its origin, none lost.
      const again = await eventually("a second redrive", async () => {
        const r = await fetch(`${monitor.url}/api/queues/${encodeURIComponent(dlq)}/redrive`, {
          method: "POST",
        });
        return r.ok ? await r.json() : (await r.body?.cancel(), undefined);
      });
      assert.equal(again.moved, again.read);
      assert.equal(await queueDepth(dlq), 0);
      const ids = new Set(await takeIds(origin));
      assert.equal(ids.size, count, `${ids.size} distinct messages back of ${count}`);
    } finally {
      await monitor.close();
    }
  });
});
