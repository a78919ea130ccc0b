/**
 * The connection and topology flags as users type them, against the real broker: --host keeps
 * its port, the management API is found by the one URL rule, --transient-exchange declares what
 * the aio-pika tutorials declare, and produce says when its exchange and key fill other queues.
 */
import assert from "node:assert/strict";
import {
  AMQP_URL,
  management,
  MANAGEMENT_URL,
  produceOk,
  queueDepth,
  runScript,
  testTopology,
} from "./helpers.ts";
import { parseAmqpUrl } from "../lib/config.ts";

const amqp = parseAmqpUrl(AMQP_URL);
const managementPort = Number(new URL(MANAGEMENT_URL).port || 80);
/** The brokers this suite runs on keep RabbitMQ's convention: management = AMQP port + 10000. */
const conventionalPorts = managementPort === amqp.port + 10_000;
/** An empty MANAGEMENT_URL leaves the scripts to find the management API by the rule. */
const NO_MANAGEMENT_URL = { MANAGEMENT_URL: "" };
/** A URL with the right credentials and vhost but a port nothing listens on. */
const wrongPortUrl = (() => {
  const u = new URL(AMQP_URL);
  u.hostname = "localhost";
  u.port = "1";
  return u.href;
})();

Deno.test({
  name: "--host host:port reaches that port's broker, and its management API is found by the rule",
  ignore: !conventionalPorts,
  fn: async () => {
    const t = testTopology("flag-host");
    try {
      const host = `127.0.0.1:${amqp.port}`;
      await produceOk(
        ["--url", wrongPortUrl, "--host", host, ...t.flags, "--count", "3"],
        NO_MANAGEMENT_URL,
      );
      // consume asks the management API for a near name: it answers only when the rule found it.
      const typo = await runScript(
        "consume",
        ["--url", wrongPortUrl, "--host", host, "--queue", `${t.queue}x`, "--expect", "1"],
        NO_MANAGEMENT_URL,
      );
      assert.equal(typo.code, 1, typo.stderr);
      assert.match(typo.stderr, new RegExp(`did you mean '${t.queue.replaceAll(".", "\\.")}'\\?`));
      const status = await runScript(
        "status",
        ["--url", wrongPortUrl, "--host", `127.0.0.1:${managementPort}`, "--json"],
        NO_MANAGEMENT_URL,
      );
      assert.equal(status.code, 0, status.stderr);
      const snapshot = JSON.parse(status.stdout);
      assert.equal(snapshot.source, "management", status.stdout.slice(0, 300));
      assert.ok(
        snapshot.queues.some((q: { name: string }) => q.name === t.queue),
        "status read the queues of the broker --host names",
      );
    } finally {
      await t.cleanup();
    }
  },
});

Deno.test("--transient-exchange declares the exchange non-durable; an existing one is used as it is", async () => {
  const t = testTopology("flag-transient-x");
  try {
    await produceOk([...t.flags, "--transient-exchange", "--count", "2"]);
    assert.equal((await management.exchange(t.exchange))?.durable, false);
    // Without the flag, the exchange that exists is used as it is, and the run says so.
    const again = await produceOk([...t.flags, "--count", "2", "--json"]);
    assert.match(again.stderr, /exchange '.*' exists non-durable: used as it is/);
    assert.equal((await management.exchange(t.exchange))?.durable, false);
  } finally {
    await t.cleanup();
  }
});

Deno.test("--transient-exchange against an exchange that exists durable: used as it is, with a note", async () => {
  const t = testTopology("flag-durable-x");
  try {
    await produceOk([...t.flags, "--count", "1"]);
    const run = await produceOk([...t.flags, "--transient-exchange", "--count", "1"]);
    assert.match(run.stderr, /exchange '.*' exists durable: used as it is/);
    assert.equal((await management.exchange(t.exchange))?.durable, true);
  } finally {
    await t.cleanup();
  }
});

Deno.test("produce says in one line when its exchange and key also fill other queues", async () => {
  const t = testTopology("flag-shared-key");
  try {
    const other = testTopology("flag-other-drill");
    try {
      // Another drill on the same exchange and key, with queues of its own.
      await produceOk([
        "--exchange",
        t.exchange,
        "--queue",
        other.queue,
        "--audit-queue",
        other.auditQueue,
        "--count",
        "1",
      ]);
      const run = await produceOk([...t.flags, "--count", "5"]);
      const lines = run.stderr.split("\n").filter((l) => /also routes to/.test(l));
      assert.equal(lines.length, 1, run.stderr);
      assert.match(
        lines[0],
        /^produce: exchange '.*' with routing key 'work' also routes to 2 other queues \('.*\.audit', '.*\.q'\): they get a copy of every message/,
      );
      assert.equal(await queueDepth(other.queue), 6, "the other drill's queue got this run's 5");
      // A key of its own keeps them apart, and nothing is said.
      const apart = await produceOk([...t.flags, "--routing-key", "mine", "--count", "1"]);
      assert.doesNotMatch(apart.stderr, /also routes to/);
    } finally {
      await other.cleanup();
    }
  } finally {
    await t.cleanup();
  }
});
