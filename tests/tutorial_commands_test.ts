/**
 * The command lines users bring from the pika tutorials and the "production-ready" pika demo,
 * run as written against the real broker. Where a line would touch names other tests or users
 * share (the default direct.exchange, a whole vhost), the test gives it its own: an `--exchange`
 * of its own, or a vhost created for the test.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import {
  AMQP_URL,
  eventually,
  jsonOf,
  management,
  MANAGEMENT_URL,
  queueDepth,
  runScript,
  spawnScript,
  testTopology,
} from "./helpers.ts";

/** The part after `--host` in the tutorials: the broker's host name. */
const HOST = new URL(AMQP_URL).hostname;

Deno.test("pika demo: the producer's and the consumer's lines as written (10,000 through a work and an audit queue)", async () => {
  const t = testTopology("tutorial-demo");
  try {
    const produced = await runScript("produce", [
      "--exchange",
      t.exchange, // not in the demo: keeps the shared direct.exchange out of it
      "--host",
      HOST,
      "--queue",
      t.queue,
      "--audit-queue",
      t.auditQueue,
      "--count",
      "10000",
      "--durable",
      "--lazy",
      "--purge",
      "--progress-every",
      "1000",
      "--producer-id",
      "demo-1",
      "--text",
      "Hello from the demo",
    ]); // deno-fmt-ignore
    assert.equal(produced.code, 0, produced.stderr);
    assert.match(produced.stdout, /published=10000 confirmed=10000 nacked=0 returned=0/);
    assert.match(produced.stderr, /published 1,000\/10,000/, "progress every 1000");

    const consumed = await runScript("consume", [
      "--host",
      HOST,
      "--queue",
      t.queue,
      "--name",
      "Worker-A",
      "--prefetch",
      "1000",
      "--expect",
      "10000",
      "--lazy",
      "--progress-every",
      "50000",
      "--json",
    ]); // deno-fmt-ignore
    assert.equal(consumed.code, 0, consumed.stderr);
    const c = jsonOf<ConsumeSummary>(consumed);
    assert.deepEqual([c.consumed, c.duplicates, c.foreign], [10_000, 0, 0]);
    assert.equal(await queueDepth(t.auditQueue), 10_000, "the audit queue keeps its copy");
  } finally {
    await t.cleanup();
  }
});

Deno.test("work queues tutorial: fair dispatch with --prefetch 1 gets every message, acked one by one", async () => {
  const t = testTopology("tutorial-fair");
  try {
    const produced = await runScript("produce", [...t.flags, "--count", "20"]);
    assert.equal(produced.code, 0, produced.stderr);
    const consumed = await runScript("consume", [
      "--queue",
      t.queue,
      "--prefetch",
      "1",
      "--expect",
      "20",
      "--json",
    ]);
    assert.equal(consumed.code, 0, consumed.stderr);
    assert.equal(jsonOf<ConsumeSummary>(consumed).consumed, 20);
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("hello world tutorial: publishing through the default exchange, routing key = queue", async () => {
  const t = testTopology("tutorial-hello");
  try {
    const produced = await runScript("produce", [
      "--exchange",
      "",
      "--queue",
      t.queue,
      "--count",
      "3",
      "--text",
      "Hello World!",
    ]);
    assert.equal(produced.code, 0, produced.stderr);
    assert.match(produced.stdout, /published=3 confirmed=3 nacked=0 returned=0/);
    const consumed = await runScript("consume", ["--queue", t.queue, "--expect", "3", "--show"]);
    assert.equal(consumed.code, 0, consumed.stderr);
    assert.equal(consumed.stdout.match(/body=Hello World!/g)?.length, 3);
  } finally {
    await t.cleanup();
  }
});

Deno.test("auto-ack consumer: warns, takes everything, prints the total on Ctrl+C", async () => {
  const t = testTopology("tutorial-autoack");
  try {
    const produced = await runScript("produce", [...t.flags, "--count", "500"]);
    assert.equal(produced.code, 0, produced.stderr);
    const consumer = spawnScript("consume", ["--queue", t.queue, "--auto-ack"]);
    await eventually(
      "the auto-ack consumer to empty the queue",
      async () => {
        const q = await management.queue(t.queue);
        return (await queueDepth(t.queue)) === 0 && q?.messages_unacknowledged === 0
          ? true
          : undefined;
      },
      30_000,
      () => `stderr: ${consumer.output().stderr}`,
    );
    consumer.kill("SIGINT");
    const run = await consumer.done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /--auto-ack: .*in flight are lost/);
    assert.match(run.stdout, /^consumed=500 /m);
  } finally {
    await t.cleanup();
  }
});

/** The tutorial's `--host` value: a bare host name, or host:port off the default port 15672. */
function bareHost(managementUrl: string): string {
  const url = new URL(managementUrl);
  return url.port === "15672" ? url.hostname : url.host;
}

Deno.test("terminal monitor tutorial: status --host URL --username --password --watch 0, and --once", async () => {
  const t = testTopology("tutorial-status");
  try {
    const produced = await runScript("produce", [...t.flags, "--count", "7"]);
    assert.equal(produced.code, 0, produced.stderr);
    for (
      const args of [
        ["--host", MANAGEMENT_URL, "--username", "guest", "--password", "guest", "--watch", "0"],
        // The tutorial's bare host name (management port 15672), with the port where it differs.
        ["--host", bareHost(MANAGEMENT_URL), "--once"],
      ]
    ) {
      const run = await runScript("status", args);
      assert.equal(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stdout, new RegExp(`${t.queue.replaceAll(".", "\\.")}`));
    }
    const nothing = await runScript("status", [
      "--once",
      "--url",
      "amqp://guest:guest@127.0.0.1:1",
      "--host",
      "http://127.0.0.1:1",
    ]);
    assert.equal(nothing.code, 1, `nothing could be read: ${nothing.stdout}`);
  } finally {
    await t.cleanup();
  }
});

Deno.test("cleanup scripts: queue names as words, --purge keeps the queue, all and exchanges in a vhost of their own", async () => {
  const t = testTopology("tutorial-cleanup");
  const vhost = `test-cleanup-${crypto.randomUUID().slice(0, 8)}`;
  const auth = { authorization: `Basic ${btoa("guest:guest")}` };
  const api = (path: string, method = "PUT", body?: unknown) =>
    fetch(`${MANAGEMENT_URL}/api/${path}`, {
      method,
      headers: { ...auth, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => (await r.body?.cancel(), r.status));
  try {
    const produced = await runScript("produce", [...t.flags, "--count", "5"]);
    assert.equal(produced.code, 0, produced.stderr);
    const purged = await runScript("cleanup", ["--purge", t.queue, "--yes"]);
    assert.equal(purged.code, 0, purged.stderr);
    assert.match(purged.stdout, /emptied queue/);
    assert.equal(await queueDepth(t.queue), 0, "emptied and kept");
    const deleted = await runScript("cleanup", [t.queue, t.auditQueue, "--yes"]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /deleted 2 in vhost/);

    // `cleanup all` empties a whole vhost: a vhost of this test's own.
    assert.ok([201, 204].includes(await api(`vhosts/${vhost}`)));
    assert.ok([201, 204].includes(
      await api(`permissions/${vhost}/guest`, "PUT", { configure: ".*", write: ".*", read: ".*" }),
    ));
    const url = new URL(AMQP_URL);
    url.pathname = `/${vhost}`;
    const filled = await runScript("produce", ["--url", url.href, "--count", "3"]);
    assert.equal(filled.code, 0, filled.stderr);
    const all = await runScript("cleanup", ["--url", url.href, "all", "--yes"]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /deleted queue 'work\.queue'/);
    assert.match(all.stdout, /deleted exchange 'direct\.exchange'/);
    const exchanges = await runScript("cleanup", ["--url", url.href, "exchanges"]);
    assert.equal(exchanges.code, 0, exchanges.stderr);
  } finally {
    await t.cleanup();
    await api(`vhosts/${vhost}`, "DELETE");
  }
});

Deno.test("every task answers --help without running, and refuses an unknown flag with exit 2", async () => {
  // Every task deno.json runs a script for: a new task is checked without being listed here.
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const tasks = Object.values<string>(config.tasks)
    .map((command) => command.match(/scripts\/(\w+)\.ts/)?.[1])
    .filter((task): task is string => task !== undefined);
  assert.ok(tasks.includes("replay") && tasks.length >= 11, `tasks found: ${tasks}`);
  // Flags are read before anything runs: the tasks can be asked all at once.
  await Promise.all(tasks.map(async (task) => {
    const help = await runScript(task, ["--help"]);
    assert.equal(help.code, 0, `${task} --help: ${help.stderr}`);
    assert.match(help.stdout, /Usage:/, `${task} --help prints its usage`);
    const bogus = await runScript(task, ["--bogus"]);
    assert.equal(bogus.code, 2, `${task} --bogus: ${bogus.stderr}`);
    assert.match(bogus.stderr, /unknown option '--bogus'/);
  }));
});

Deno.test("consume before produce: a missing queue is refused with a hint, or created and bound as produce would", async () => {
  const t = testTopology("tutorial-order");
  try {
    const typo = await runScript("consume", ["--queue", t.queue, "--expect", "1"]);
    assert.equal(typo.code, 1, typo.stderr);
    assert.match(typo.stderr, /queue '.*' does not exist.*Run produce first, or give --durable/);
    assert.equal(await management.queue(t.queue), undefined, "nothing was created");

    const consumer = spawnScript("consume", [
      "--queue",
      t.queue,
      "--exchange",
      t.exchange,
      "--durable",
      "--expect",
      "5",
      "--json",
    ]);
    await eventually(
      "the consumer to create and bind its queue",
      async () => (await management.queue(t.queue))?.consumers === 1 || undefined,
      30_000,
      () => `stderr: ${consumer.output().stderr}`,
    );
    // The producer, started second with the same flags, finds the same queue: no mismatch.
    const produced = await runScript("produce", [...t.flags, "--durable", "--count", "5"]);
    assert.equal(produced.code, 0, produced.stderr);
    const run = await consumer.done;
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /did not exist; created it bound to/);
    assert.equal(jsonOf<ConsumeSummary>(run).consumed, 5);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a broker that is down is reported every 5 s with the attempts so far, not on every retry", async () => {
  const run = await runScript("consume", [
    "--url",
    "amqp://guest:guest@127.0.0.1:1",
    "--connect-timeout",
    "7",
  ]);
  assert.equal(run.code, 1);
  const retries = run.stderr.match(/Retrying \(\d+ attempts so far\)/g) ?? [];
  assert.equal(retries.length, 2, run.stderr);
  assert.match(run.stderr, /Gave up after \d+ attempts in 7s/);
});
