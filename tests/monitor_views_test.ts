/**
 * A broker with hundreds of queues, as an operator's: each viewer receives what its page shows
 * (a page of the table, one queue, or none), the pages embed only their own rows, and the
 * totals still count every queue. The API without a view stays the complete snapshot.
 */
import assert from "node:assert/strict";
import type { ViewSnapshot } from "../lib/shared/mod.ts";
import { eventually, withConnection, withTestVhost } from "./helpers.ts";
import { readEvents, startTestMonitor } from "./monitor_helpers.ts";

const QUEUES = 400;
const name = (i: number) => `fleet.q${String(i).padStart(3, "0")}`;

/** The first snapshot the stream sends for these parameters. */
async function firstEvent(url: string): Promise<{ snapshot: ViewSnapshot; bytes: number }> {
  const [event] = await readEvents(url, (events) => events.length >= 1);
  assert.ok(event, `no snapshot from ${url}`);
  return { snapshot: JSON.parse(event.data), bytes: new TextEncoder().encode(event.data).length };
}

Deno.test(`${QUEUES} queues: each viewer gets its page, the pages embed their rows, totals count all`, () =>
  withTestVhost("views", async (vhost) => {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      for (let i = 0; i < QUEUES; i++) await ch.queueDeclare(name(i), { durable: true });
      // One deep queue, far down the name order: the table must find it across all of them.
      for (let n = 0; n < 50; n++) await ch.basicPublish("", name(371), `m${n}`);
    }, vhost.url);
    const monitor = await startTestMonitor({ amqpUrl: vhost.url });
    try {
      // The management API counts the messages a moment after they arrive.
      const complete = await eventually(
        "the management API to count the 50 messages",
        async () => {
          const s = await (await fetch(`${monitor.url}/api/overview`)).json() as ViewSnapshot;
          return s.totals.ready === 50 && s.queues.length === QUEUES ? s : undefined;
        },
        30_000,
      );
      assert.equal(complete.queues.length, QUEUES, "the API's snapshot is complete");
      const completeBytes = JSON.stringify(complete).length;

      // The overview's view: the first page of 20 by name; the deepest first when sorted so.
      const page = await firstEvent(`${monitor.url}/api/stream?view=page`);
      assert.equal(page.snapshot.queues.length, 20);
      assert.equal(page.snapshot.queuePage?.total_count, QUEUES);
      assert.equal(page.snapshot.queuePage?.page_count, QUEUES / 20);
      assert.equal(page.snapshot.totals.queues, QUEUES, "the totals count every queue");
      assert.ok(
        page.bytes * 8 < completeBytes,
        `a page's event is ${page.bytes} bytes, the whole snapshot ${completeBytes}`,
      );
      const deepest = await firstEvent(
        `${monitor.url}/api/stream?view=page&sort=total&sort_reverse=true&page_size=5`,
      );
      assert.equal(deepest.snapshot.queues[0]?.name, name(371));
      const filtered = await firstEvent(`${monitor.url}/api/stream?view=page&name=q37`);
      assert.deepEqual(
        filtered.snapshot.queues.map((q) => q.name),
        Array.from({ length: 10 }, (_, i) => name(370 + i)),
      );

      // A regular expression is matched by the monitor (RE2), not by the broker's engine.
      const regex = await firstEvent(
        `${monitor.url}/api/stream?view=page&use_regex=true&name=${
          encodeURIComponent("q00[0-4]$")
        }`,
      );
      assert.deepEqual(regex.snapshot.queues.map((q) => q.name), [0, 1, 2, 3, 4].map(name));
      assert.equal(regex.snapshot.queuePage?.filtered_count, 5);

      // A queue's page: that queue alone. Other pages: none, with the totals whole.
      const one = await firstEvent(`${monitor.url}/api/stream?view=one&queue=${name(371)}`);
      assert.deepEqual(one.snapshot.queues.map((q) => [q.name, q.ready]), [[name(371), 50]]);
      const none = await firstEvent(`${monitor.url}/api/stream?view=none`);
      assert.equal(none.snapshot.queues.length, 0);
      assert.equal(none.snapshot.totals.ready, 50);

      // Server-rendered pages embed their own rows only.
      const overview = await (await fetch(`${monitor.url}/`)).text();
      assert.ok(
        overview.includes(name(0)) && !overview.includes(name(250)),
        "the overview embeds page 1",
      );
      const queuePage = await (await fetch(`${monitor.url}/queues/${name(371)}`)).text();
      assert.ok(!queuePage.includes(name(0)), "a queue's page embeds no other queue");
      assert.ok(
        overview.length < completeBytes,
        `the overview is ${overview.length} bytes, the whole snapshot ${completeBytes}`,
      );

      const bad = await fetch(`${monitor.url}/api/stream?view=page&page_size=0`);
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).error, /'page_size' must be a whole number/);
      const unknown = await fetch(`${monitor.url}/api/stream?view=everything`);
      assert.equal(unknown.status, 400);
      assert.match((await unknown.json()).error, /'view' must be all, none, one or page/);
    } finally {
      await monitor.close();
    }
  }));
