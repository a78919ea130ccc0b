/**
 * The operator's queue actions through the monitor's API against the real broker: purge, delete
 * and move (another client's messages, byte for byte), each refused outside the write scope, on a
 * read-only monitor, from another site and without the token.
 */
import assert from "node:assert/strict";
import { caseOf, dumpQueue, publishCatalogue } from "./foreign_client.ts";
import { management, produceOk, queueDepth, testTopology } from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

/** Calls a queue action; answers the status and the JSON body. */
async function act(
  url: string,
  init: RequestInit & { headers?: Record<string, string> } = { method: "POST" },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

Deno.test("purge empties a queue and delete removes it, each answering what it held", async () => {
  const t = testTopology("actions");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  try {
    await produceOk([...t.flags, "--count", "30"]);
    const queue = `${monitor.url}/api/queues/${encodeURIComponent(t.queue)}`;
    const purged = await act(`${queue}/purge`);
    assert.deepEqual([purged.status, purged.body.purged], [200, 30]);
    assert.equal(await queueDepth(t.queue), 0);
    assert.equal(await queueDepth(t.auditQueue), 30, "only the named queue");

    await produceOk([...t.flags, "--count", "5"]);
    const deleted = await act(queue, { method: "DELETE" });
    assert.deepEqual([deleted.status, deleted.body.messages], [200, 5]);
    assert.equal(await management.queue(t.queue), undefined);
    const again = await act(queue, { method: "DELETE" });
    assert.equal(again.status, 404);
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("move carries another client's messages byte for byte and empties the source", async () => {
  const t = testTopology("move");
  const monitor = await startTestMonitor({ publishExchanges: [t.exchange] });
  try {
    await produceOk([...t.flags, "--count", "1"]); // declares the topology
    for (const queue of [t.queue, t.auditQueue]) {
      await fetch(`${monitor.url}/api/queues/${encodeURIComponent(queue)}/purge`, {
        method: "POST",
      }).then((r) => r.body?.cancel());
    }
    const cases = await publishCatalogue(t.exchange, "work");
    const moved = await act(`${monitor.url}/api/queues/${encodeURIComponent(t.queue)}/move`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: t.auditQueue }),
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual([moved.body.moved, moved.body.returned], [cases.length, 0]);
    assert.equal(await queueDepth(t.queue), 0);

    // The audit queue now holds each case twice: the copy it got, and the one moved in.
    const held = await dumpQueue(t.auditQueue);
    assert.equal(held.length, cases.length * 2);
    for (const name of cases) {
      const [first, second] = held.filter((m) => caseOf(m) === name);
      assert.ok(first && second, `${name}: both copies`);
      assert.deepEqual(second.headers, first.headers, `${name}: headers`);
      assert.deepEqual(second.properties, first.properties, `${name}: properties`);
      assert.equal(second.body_sha256, first.body_sha256, `${name}: body`);
    }
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});

Deno.test("queue actions are refused outside the scope, read-only, cross-site, and for bad input", async () => {
  const t = testTopology("actions-refused");
  const monitor = await startTestMonitor(); // its scope does not hold this test's exchange
  const scoped = await startTestMonitor({ publishExchanges: [t.exchange] });
  const readOnly = await startTestMonitor({ readOnly: true, publishExchanges: [t.exchange] });
  try {
    await produceOk([...t.flags, "--count", "3"]);
    const path = `/api/queues/${encodeURIComponent(t.queue)}`;
    const outside = await act(`${monitor.url}${path}/purge`);
    assert.equal(outside.status, 403);
    assert.match(
      String(outside.body.error),
      /outside this monitor's write scope.*--publish-exchange/,
    );
    const ro = await act(`${readOnly.url}${path}`, { method: "DELETE" });
    assert.equal(ro.status, 403);
    assert.match(String(ro.body.error), /read-only/);
    const crossSite = await act(`${scoped.url}${path}/purge`, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
    });
    assert.equal(crossSite.status, 403);
    for (
      const [body, status, pattern] of [
        [{}, 400, /'to' is required/],
        [{ to: t.queue }, 422, /another queue/],
        [{ to: `${t.queue}.nope` }, 404, /not found/],
      ] as const
    ) {
      const moved = await act(`${scoped.url}${path}/move`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(moved.status, status, JSON.stringify(body));
      assert.match(String(moved.body.error), pattern);
    }
    assert.equal(await queueDepth(t.queue), 3, "nothing was changed");
  } finally {
    await monitor.close();
    await scoped.close();
    await readOnly.close();
    await t.cleanup();
  }
});

Deno.test("queue actions need the token when one is set", async () => {
  const t = testTopology("actions-token");
  const token = "a-token-of-16-or-more-chars";
  const monitor = await startTestMonitor({ token, publishExchanges: [t.exchange] });
  try {
    await produceOk([...t.flags, "--count", "2"]);
    const url = `${monitor.url}/api/queues/${encodeURIComponent(t.queue)}/purge`;
    const anonymous = await fetch(url, { method: "POST" });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    assert.equal(await queueDepth(t.queue), 2);
    const allowed = await act(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.deepEqual([allowed.status, allowed.body.purged], [200, 2]);
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});
