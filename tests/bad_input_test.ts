/**
 * Bad input and broker refusals: each ends with one clear line naming the flag or the problem,
 * a non-zero exit, and no stack trace.
 */
import assert from "node:assert/strict";
import {
  AMQP_URL,
  brokerIsAtLeast,
  eventually,
  produceOk,
  runScript,
  type ScriptRun,
  testTopology,
  withConnection,
} from "./helpers.ts";

/** Asserts the run failed with `code` and a single stderr line matching every pattern. */
function assertOneLineError(run: ScriptRun, code: number, ...patterns: RegExp[]): void {
  assert.equal(run.code, code, `exit code; stderr: ${run.stderr}`);
  const lines = run.stderr.trim().split("\n");
  const last = lines[lines.length - 1];
  assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
  for (const pattern of patterns) assert.match(last, pattern);
}

const flagCases: [string, string[], RegExp[]][] = [
  ["produce", ["--count", "-5"], [/--count/, /whole number from 1 to 4294967295/]],
  ["produce", ["--count", "0"], [/--count/, /from 1 to 4294967295/]],
  ["produce", ["--count", "4294967296"], [/--count/, /from 1 to 4294967295/]],
  ["produce", ["--count", "ten"], [/--count/, /'ten'/]],
  ["produce", ["--count", "1.5"], [/--count/, /whole number/]],
  ["produce", ["--rate", "-1"], [/--rate/, /0 or more/]],
  ["produce", ["--confirm-window", "0"], [/--confirm-window/]],
  ["produce", ["--priority", "11"], [/--priority/, /0 to 10/]],
  ["produce", ["--size", "99999999999"], [/--size/]],
  ["produce", ["--exchange-type", "round-robin"], [
    /--exchange-type/,
    /direct, fanout, topic, headers/,
  ]],
  ["produce", ["--text", "a", "--size", "3"], [/--size/, /--text/]],
  ["produce", ["--bogus"], [/unknown option '--bogus'/]],
  // The suggestion on the same line as the error.
  ["produce", ["--cout", "5"], [
    /unknown option '--cout' \(Did you mean --count\?\) \(see --help\)$/,
  ]],
  ["produce", ["--url", "not a url"], [/--url must be a URL/]],
  ["produce", ["--url", "http://localhost:5672"], [/--url must start with amqp:\/\//]],
  ["produce", ["--queue-type", "quorum", "--lazy"], [/--lazy applies to classic queues only/]],
  ["produce", ["--queue-type", "stream", "--priority", "1"], [/--priority needs a classic queue/]],
  ["produce", ["--queue-type", "stream", "--purge"], [/--purge cannot empty a stream/]],
  ["produce", ["--url", "amqp://a,,amqp://b"], [
    /--url takes one AMQP URL or a comma-separated list/,
  ]],
  ["produce", ["--nack-retries", "-1"], [/--nack-retries/, /0 to 100/]],
  ["produce", ["--queues", "3", "--publishers", "2"], [
    /--queues \(3\) must not exceed --publishers \(2\)/,
  ]],
  ["produce", ["--queues", "2", "--publishers", "2", "--exchange-type", "fanout"], [
    /--queues spreads messages by routing key/,
    /direct or topic exchange/,
  ]],
  ["produce", ["--queues", "0"], [/--queues/, /1 to 64/]],
  ["consume", ["--offset", "first"], [/--offset applies to streams only; add --queue-type stream/]],
  ["consume", ["--queue-type", "stream", "--offset", "yesterday"], [
    /--offset must be first, last, next/,
  ]],
  ["consume", ["--queue-type", "stream", "--fail-rate", "0.5"], [/a stream keeps every message/]],
  ["consume", ["--prefetch", "0"], [/--prefetch/, /1 to 65535/]],
  ["consume", ["--prefetch", "many"], [/--prefetch/]],
  ["consume", ["--expect", "-1"], [/--expect/]],
  ["consume", ["--fail-rate", "2"], [/--fail-rate/, /0 to 1/]],
  ["consume", ["--prefetch", "10", "--ack-every", "20"], [/--ack-every/, /--prefetch/]],
  ["cleanup", [], [/nothing to do/]],
  ["cluster", ["--nodes", "10"], [/--nodes/, /1 to 9/]],
  ["bench", ["--queue-type", "stream"], [/--queue-type/, /classic, quorum/]],
];

for (const [script, args, patterns] of flagCases) {
  Deno.test(`${script} ${args.join(" ") || "(no flags)"}: one-line error`, async () => {
    // Flags are checked before any connection: a closed port proves nothing is contacted.
    const run = await runScript(script, ["--url", "amqp://guest:guest@127.0.0.1:1", ...args]);
    // Every flag error exits 2: commander's usage errors and our own checks alike.
    assertOneLineError(run, 2, ...patterns);
  });
}

Deno.test("wrong credentials: ACCESS_REFUSED explained, no retry", async () => {
  const url = new URL(AMQP_URL);
  url.password = "definitely-wrong";
  const run = await runScript("produce", ["--url", url.href, "--count", "1"]);
  assertOneLineError(
    run,
    1,
    /refused the user name or password \(ACCESS_REFUSED\)/,
    /--url or AMQP_URL/,
  );
  assert.doesNotMatch(run.stderr, /Retrying/);
  assert.doesNotMatch(run.stderr, /definitely-wrong/, "the password is never printed");
});

Deno.test("no broker listening: retried with backoff until --connect-timeout, then explained", async () => {
  const started = Date.now();
  const run = await runScript("consume", [
    "--url",
    "amqp://guest:guest@127.0.0.1:1",
    "--connect-timeout",
    "2",
  ]);
  const elapsed = Date.now() - started;
  assertOneLineError(
    run,
    1,
    /no RabbitMQ broker answered at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/,
    /Gave up after \d+ attempts in 2s/,
  );
  assert.match(run.stderr, /Retrying/);
  assert.ok(elapsed >= 2000, `kept trying for the timeout (${elapsed} ms)`);
});

/**
 * A queue made by one run, then asked otherwise by a flag of the next: how the refusal reads.
 * Only a setting a flag asks for is refused; the rest of the queue is taken as it is.
 */
const queueMismatches: [
  name: string,
  madeWith: string[],
  askedWith: string[],
  patterns: RegExp[],
][] = [
  [
    "a queue that exists with another TTL: the differing argument and both ways out",
    [
      "--message-ttl",
      "60000",
    ],
    ["--message-ttl", "5000"],
    [
      /queue '.*' already exists with x-message-ttl='?60000'?, but this run asks for x-message-ttl='?5000'?/,
      /Either run with --message-ttl 60000, or delete it \(deno task cleanup --queue /,
    ],
  ],
  ["a non-durable queue made by another run: --durable is told to go", ["--transient-queues"], [
    "--durable",
  ], [
    /already exists with durable='false'/,
    /Either run without --durable, or delete it \(deno task cleanup --queue /,
  ]],
  [
    "a queue that differs in two asked settings: both named at once, each with its way",
    [
      "--transient-queues",
      "--message-ttl",
      "60000",
    ],
    ["--durable", "--message-ttl", "5000"],
    [
      /already exists with other settings\. Either run without --durable, with --message-ttl 60000, or delete it/,
    ],
  ],
];

for (const [name, madeWith, askedWith, patterns] of queueMismatches) {
  Deno.test(name, async () => {
    const t = testTopology("mismatch");
    try {
      await produceOk([...t.flags, "--audit-queue", "", "--count", "1", ...madeWith]);
      const run = await runScript("produce", [
        ...t.flags,
        "--audit-queue",
        "",
        "--count",
        "1",
        ...askedWith,
      ]);
      assertOneLineError(run, 1, ...patterns);
    } finally {
      await t.cleanup();
    }
  });
}

Deno.test("a queue made with settings the next run does not ask for is used as it is, in one note", async () => {
  const t = testTopology("as-it-is");
  try {
    await produceOk([...t.flags, "--count", "1", "--dead-letter", "--message-ttl", "60000"]);
    const run = await runScript("produce", [...t.flags, "--count", "2"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^produce: queue '\S+\.q' exists with x-message-ttl=60000, with x-dead-letter-exchange=\S+\.q\.dlx: used as it is$/m,
    );
    assert.match(run.stdout, /confirmed=2 /);
  } finally {
    await t.cleanup();
  }
});

Deno.test("an exchange another client declared non-durable is used as it is; another type is still explained", async () => {
  const t = testTopology("xtransient");
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.exchangeDeclare(t.exchange, "direct", { durable: false }); // as aio-pika's tutorial
    });
    const run = await runScript("produce", [...t.flags, "--count", "3"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /exchange '.*' exists non-durable: used as it is/);
    assert.match(run.stdout, /confirmed=3 /);
    const other = await runScript("produce", [
      ...t.flags,
      "--count",
      "1",
      "--exchange-type",
      "fanout",
    ]);
    assertOneLineError(
      other,
      1,
      /already exists with type='direct'/,
      /run with --exchange-type direct/,
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("an exchange of another type: explained with --exchange-type", async () => {
  const t = testTopology("xtype");
  try {
    await produceOk([...t.flags, "--count", "1"]);
    const run = await runScript("produce", [
      ...t.flags,
      "--count",
      "1",
      "--exchange-type",
      "fanout",
    ]);
    assertOneLineError(
      run,
      1,
      /exchange '.*' already exists with type='direct'/,
      /type='fanout'/,
      /run with --exchange-type direct, or delete it \(deno task cleanup --exchange /,
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("--size above the broker's maximum message size: explained", async () => {
  const t = testTopology("toobig");
  try {
    // RabbitMQ's default max_message_size: 128 MiB on 3.x, 16 MiB since 4.0.
    const max = (await brokerIsAtLeast("4.0")) ? 16 * 1024 * 1024 : 128 * 1024 * 1024;
    const run = await runScript("produce", [
      ...t.flags,
      "--audit-queue",
      "",
      "--count",
      "2",
      "--size",
      String(max + 1),
    ]);
    assertOneLineError(
      run,
      1,
      new RegExp(`--size ${max + 1} is above the broker's maximum message size of ${max} bytes`),
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("consuming a queue that another client deletes: explained, exit non-zero", async () => {
  const t = testTopology("deleted");
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false });
    });
    const consumer = (await import("./helpers.ts")).spawnScript("consume", ["--queue", t.queue]);
    await eventually("the consumer to subscribe", async () => {
      const q = await withConnection(async (conn) => {
        const ch = await conn.channel();
        return await ch.queueDeclare(t.queue, { passive: true });
      });
      return q.consumerCount === 1 ? true : undefined;
    });
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDelete(t.queue);
    });
    const run = await consumer.done;
    assertOneLineError(run, 1, /consuming '.*' stopped/);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a monitor on a port already in use: one line naming the port and --port", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (taken.addr as Deno.NetAddr).port;
    const run = await runScript("monitor", ["--port", String(port)]);
    assertOneLineError(
      run,
      1,
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .*choose another with --port`),
    );
  } finally {
    taken.close();
  }
});

Deno.test("status that cannot read the management API exits 1 naming the flag that carried it", async () => {
  const refused = await runScript("status", [
    "--once",
    "--username",
    "guest",
    "--password",
    "wrong",
  ]);
  assertOneLineError(
    refused,
    1,
    /^status: management API unavailable: the management API refused user 'guest' \(401\); check the credentials in --username \/ --password/,
  );
  const down = await runScript("status", ["--once", "--management-url", "http://127.0.0.1:1"]);
  assertOneLineError(
    down,
    1,
    /^status: management API unavailable: the management API did not answer at http:\/\/127\.0\.0\.1:1 .*--management-url/,
  );
});
