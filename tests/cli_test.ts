import assert from "node:assert/strict";
import { UserError } from "../lib/errors.ts";
import { decimal, HelpRequested, integer } from "../scripts/_cli/flags.ts";
import { parseCleanupFlags } from "../scripts/cleanup.ts";
import { parseConsumeFlags } from "../scripts/consume.ts";
import { parseProduceFlags } from "../scripts/produce.ts";

const URL_FLAG = ["--url", "amqp://guest:guest@localhost:5672"];

Deno.test("integer accepts whole numbers in bounds and rejects the rest", () => {
  const count = integer({ min: 1 });
  assert.equal(count("10000"), 10_000);
  assert.equal(count(" 7 "), 7);
  for (const bad of ["0", "-5", "1.5", "1e3", "ten", "", "NaN", "99999999999999999999"]) {
    assert.throws(() => count(bad), /Expected a whole number of 1 or more/, bad);
  }
  assert.throws(() => integer({ min: 1, max: 10 })("11"), /from 1 to 10/);
});

Deno.test("decimal accepts numbers in bounds", () => {
  const share = decimal({ min: 0, max: 1 });
  assert.equal(share("0.25"), 0.25);
  assert.equal(share("1"), 1);
  assert.equal(share(".5"), 0.5);
  for (const bad of ["-0.1", "1.01", "half", "", "Infinity"]) {
    assert.throws(() => share(bad), /from 0 to 1/, bad);
  }
});

Deno.test("produce flags: the documented defaults", () => {
  const f = parseProduceFlags(URL_FLAG);
  assert.equal(f.exchange, "direct.exchange");
  assert.equal(f.exchangeType, "direct");
  assert.equal(f.routingKey, "work");
  assert.equal(f.queue, "work.queue");
  assert.equal(f.auditQueue, "audit.queue");
  assert.equal(f.count, 10_000);
  assert.equal(f.durable, false);
  assert.equal(f.lazy, false);
  assert.equal(f.queueType, "classic");
  assert.equal(f.progressEvery, 10_000);
  assert.equal(f.text, "Hello World");
  assert.equal(f.rate, 0);
  assert.equal(f.priority, undefined);
  assert.ok(f.producerId.length > 0, "defaults to the OS user");
  assert.ok(f.confirmWindow >= 1);
});

Deno.test("produce flags: values are parsed and typed", () => {
  const f = parseProduceFlags([
    ...URL_FLAG,
    "--count",
    "5",
    "--durable",
    "--lazy",
    "--audit-queue",
    "",
    "--size",
    "100",
    "--exchange-type",
    "topic",
    "--priority",
    "3",
    "--producer-id",
    "ana",
    "--rate",
    "50",
    "--json",
  ]);
  assert.deepEqual(
    [
      f.count,
      f.durable,
      f.lazy,
      f.auditQueue,
      f.size,
      f.exchangeType,
      f.priority,
      f.producerId,
      f.rate,
      f.json,
    ],
    [5, true, true, "", 100, "topic", 3, "ana", 50, true],
  );
});

Deno.test("produce flags: bad input is a UserError naming the flag", () => {
  const cases: [string[], RegExp][] = [
    [["--count", "-5"], /--count/],
    [["--count"], /--count/],
    [["--nope"], /unknown option '--nope'/],
    [["--queue-type", "lazy"], /--queue-type.*classic, quorum, stream/],
    [["--queue", ""], /--queue must not be empty/],
    [["--audit-queue", "work.queue"], /--audit-queue must differ/],
    [["--queue-type", "quorum", "--priority", "1"], /--priority needs a classic queue/],
    [["--url", "amqp://"], /--url/],
    [["extra"], /too many arguments|unexpected/i],
    [["--bind-header", "region"], /--bind-header.*Expected name=value/],
    [["--bind-header", "region=eu"], /--bind-header and --match need --exchange-type headers/],
    [["--exchange-type", "headers", "--match", "some"], /--match.*all, any/],
    [["--exchange", "", "--binding-key", "x"], /default exchange \(''\) routes by queue name/],
    [["--header", "host=box"], /--header host: the envelope sets producer_id, host/],
    [["--queue-type", "stream", "--dead-letter"], /--dead-letter and --message-ttl need a classic/],
    [["--message-ttl", "-1"], /--message-ttl.*0 to 4294967295/],
    [["--expiration", "soon"], /--expiration.*whole number/],
  ];
  for (const [args, pattern] of cases) {
    assert.throws(() => parseProduceFlags([...URL_FLAG, ...args]), (e) => {
      assert.ok(e instanceof UserError, `${args}: ${e}`);
      assert.match(e.message, pattern);
      assert.doesNotMatch(e.message, /\n/, "one line");
      return true;
    });
  }
});

Deno.test("produce flags: routing, headers, dead-lettering and TTL", () => {
  const f = parseProduceFlags([
    ...URL_FLAG,
    "--exchange-type",
    "headers",
    "--bind-header",
    "region=eu",
    "--bind-header",
    "tier=gold=1",
    "--match",
    "any",
    "--header",
    "region=eu",
    "--binding-key",
    "logs.*",
    "--dead-letter",
    "--message-ttl",
    "60000",
    "--expiration",
    "0",
  ]);
  assert.deepEqual(f.bindHeader, { region: "eu", tier: "gold=1" });
  assert.deepEqual([f.match, f.bindingKey, f.deadLetter, f.messageTtl, f.expiration], [
    "any",
    "logs.*",
    true,
    60_000,
    0,
  ]);
  assert.deepEqual(f.header, { region: "eu" });
});

Deno.test("consume flags: retries wait with --retry-delay; streams refuse it", () => {
  const f = parseConsumeFlags([...URL_FLAG, "--retry-delay", "500", "--dead-letter"]);
  assert.deepEqual([f.retryDelay, f.maxRetryDelay, f.deadLetter], [500, 60_000, true]);
  assert.equal(parseConsumeFlags(URL_FLAG).retryDelay, undefined);
  assert.throws(
    () => parseConsumeFlags([...URL_FLAG, "--queue-type", "stream", "--retry-delay", "5"]),
    /--retry-delay.*need a classic or quorum queue/,
  );
  assert.throws(() => parseConsumeFlags([...URL_FLAG, "--retry-delay", "0"]), /--retry-delay/);
});

Deno.test("consume flags: defaults, and --ack-every bounded by --prefetch", () => {
  const f = parseConsumeFlags(URL_FLAG);
  assert.deepEqual(
    [
      f.queue,
      f.name,
      f.prefetch,
      f.expect,
      f.progressEvery,
      f.workMs,
      f.maxRetries,
      f.failRate,
      f.show,
    ],
    ["work.queue", "Worker", 1_000, 0, 10_000, 0, 3, 0, false],
  );
  assert.ok(f.ackEvery >= 1 && f.ackEvery <= f.prefetch);
  // The ack batch follows the prefetch: --prefetch 1 (fair dispatch) acks every message.
  assert.equal(parseConsumeFlags([...URL_FLAG, "--prefetch", "1"]).ackEvery, 1);
  assert.equal(parseConsumeFlags([...URL_FLAG, "--prefetch", "50"]).ackEvery, 50);
  assert.equal(f.ackEvery, 100);
  assert.throws(
    () => parseConsumeFlags([...URL_FLAG, "--prefetch", "1", "--ack-every", "5"]),
    /--ack-every \(5\) must not exceed --prefetch \(1\)/,
  );
  assert.throws(
    () => parseConsumeFlags([...URL_FLAG, "--prefetch", "70000"]),
    /--prefetch.*1 to 65535/,
  );
});

Deno.test("--help comes back as text listing every flag", () => {
  assert.throws(() => parseProduceFlags(["--help"]), (e) => {
    assert.ok(e instanceof HelpRequested);
    for (
      const flag of [
        "--count",
        "--confirm-window",
        "--audit-queue",
        "--exchange-type",
        "--priority",
        "--json",
      ]
    ) {
      assert.match(e.text, new RegExp(flag));
    }
    assert.match(e.text, /AMQP_URL/);
    return true;
  });
});

Deno.test("cleanup needs something to delete", () => {
  assert.throws(() => parseCleanupFlags([]), /nothing to do/);
  assert.deepEqual(parseCleanupFlags(["--queue", "a", "b"]).queue, ["a", "b"]);
  assert.equal(parseCleanupFlags(["--all"]).all, true);
});
