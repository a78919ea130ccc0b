/**
 * cleanup deletes through the management API. `--all` and `--exchanges` act on a whole vhost,
 * so this test gives them a private vhost of their own, never the shared one.
 */
import assert from "node:assert/strict";
import { unusedExchanges } from "../lib/management/mod.ts";
import { AMQP_URL, management, produceOk, runScript, testTopology, uniqueName } from "./helpers.ts";

Deno.test("unusedExchanges keeps built-in and bound exchanges", () => {
  const x = (name: string) => ({ name, vhost: "/", type: "direct", durable: true });
  const exchanges = [x(""), x("amq.direct"), x("bound"), x("lonely")];
  const bindings = [{
    source: "bound",
    destination: "q",
    destination_type: "queue" as const,
    routing_key: "k",
  }];
  assert.deepEqual(unusedExchanges(exchanges, bindings).map((e) => e.name), ["lonely"]);
});

Deno.test("cleanup --queue deletes the named queues and says which did not exist", async () => {
  const t = testTopology("cleanup");
  try {
    await produceOk([...t.flags, "--count", "1"]);
    const run = await runScript("cleanup", [
      "--queue",
      t.queue,
      t.auditQueue,
      `${t.queue}.missing`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`deleted queue '${t.queue.replaceAll(".", "\\.")}'`));
    assert.match(run.stdout, /did not exist/);
    assert.equal(await management.queue(t.queue), undefined);
    assert.equal(await management.queue(t.auditQueue), undefined);
  } finally {
    await t.cleanup();
  }
});

Deno.test("cleanup --queue a,b takes the PowerShell cleanup's comma list, and repeats", async () => {
  const t = testTopology("cleanup-list");
  const other = testTopology("cleanup-list2");
  try {
    await produceOk([...t.flags, "--count", "1"]);
    await produceOk([...other.flags, "--count", "1"]);
    const run = await runScript("cleanup", [
      "--queue",
      `${t.queue},${t.auditQueue}`,
      "--queue",
      other.queue,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /cleanup: deleted 3 in vhost/);
    for (const gone of [t.queue, t.auditQueue, other.queue]) {
      assert.equal(await management.queue(gone), undefined, `${gone} deleted`);
    }
  } finally {
    await t.cleanup();
    await other.cleanup();
  }
});

Deno.test("cleanup --all empties a vhost of its queues and unused exchanges", async () => {
  const vhost = uniqueName("vhost");
  const path = encodeURIComponent(vhost);
  const user = new URL(AMQP_URL).username || "guest";
  await management.request("PUT", `vhosts/${path}`, {});
  try {
    await management.request("PUT", `permissions/${path}/${encodeURIComponent(user)}`, {
      configure: ".*",
      write: ".*",
      read: ".*",
    });
    const url = new URL(AMQP_URL);
    url.pathname = `/${path}`;
    await produceOk(["--url", url.href, "--count", "5"]);

    const run = await runScript("cleanup", ["--url", url.href, "--all"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /deleted queue 'work\.queue'/);
    assert.match(run.stdout, /deleted queue 'audit\.queue'/);
    assert.match(run.stdout, /deleted exchange 'direct\.exchange'/);
    assert.match(run.stdout, new RegExp(`deleted 3 in vhost '${vhost.replaceAll(".", "\\.")}'`));
    const left = await management.request<{ name: string }[]>("GET", `queues/${path}`);
    assert.deepEqual(left, []);
    const exchanges = await management.request<{ name: string }[]>("GET", `exchanges/${path}`);
    assert.ok(
      exchanges.every((e) => e.name === "" || e.name.startsWith("amq.")),
      JSON.stringify(exchanges),
    );
  } finally {
    await management.request("DELETE", `vhosts/${path}`);
  }
});
