/**
 * The tutorials' own scripts beside ours, both generations, both ways: the seed's pika
 * `send.py`/`receive.py` declare `hello` non-durable; the official tutorials as published today
 * declare `hello` and `task_queue` durable quorum queues (`new_task.py` publishing persistent,
 * `worker.py` with prefetch 1). Copies in that shape are in tests/fixtures/tutorials/, taking
 * the broker's URL and the queue's name. Each test runs in a vhost of its own, so the
 * tutorials' literal names are used without touching anyone else's `hello`.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import { publishWithPika } from "./foreign_client.ts";
import { jsonOf, runScript, type ScriptRun, testTopology, withTestVhost } from "./helpers.ts";

const decoder = new TextDecoder();

/** Runs one of the tutorials' scripts (tests/fixtures/tutorials/NAME.py) with pika. */
async function tutorial(name: string, args: string[]): Promise<ScriptRun> {
  const script = new URL(`./fixtures/tutorials/${name}.py`, import.meta.url).pathname;
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [script, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** The bodies a receiver printed (" [x] Received BODY"). */
function received(run: ScriptRun): string[] {
  return [...run.stdout.matchAll(/^ \[x\] Received (.*)$/gm)].map((m) => m[1]);
}

/** Fails with what the script printed unless it exited 0. */
function ok(run: ScriptRun, what: string): ScriptRun {
  assert.equal(run.code, 0, `${what}: ${run.stderr}${run.stdout}`);
  return run;
}

Deno.test("the seed's hello world: receive.py gets what the README's line published, and consume what send.py sent", async () => {
  await withTestVhost("seed-hello", async ({ url }) => {
    // The table's line for the seed: its receive.py declares 'hello' non-durable.
    const produced = ok(
      await runScript("produce", [
        "--url",
        url,
        "--exchange",
        "",
        "--queue",
        "hello",
        "--transient-queues",
        "--count",
        "3",
        "--text",
        "Hello World!",
      ]),
      "produce",
    );
    assert.match(produced.stdout, /published=3 confirmed=3 nacked=0 returned=0/);
    assert.match(produced.stderr, /non-durable queues \(--transient-queues\) are deprecated/);
    const receive = ok(await tutorial("seed_receive", [url, "hello", "3"]), "receive.py");
    assert.deepEqual(received(receive), ["Hello World!", "Hello World!", "Hello World!"]);

    // The other way: send.py made 'hello' non-durable; consume takes it as it is.
    ok(await tutorial("seed_send", [url, "hello", "from send.py"]), "send.py");
    const consumed = ok(
      await runScript("consume", ["--url", url, "--queue", "hello", "--expect", "1", "--show"]),
      "consume",
    );
    assert.match(consumed.stdout, /^foreign body=from send\.py$/m);
    assert.match(consumed.stdout, /^consumed=1 /m);

    // The hello-world line without the seed's flag: the non-durable 'hello' is used as it is.
    const plain = ok(
      await runScript("produce", [
        "--url",
        url,
        "--exchange",
        "",
        "--queue",
        "hello",
        "--count",
        "2",
      ]),
      "produce without --transient-queues",
    );
    assert.match(
      plain.stderr,
      /^produce: queue 'hello' exists non-durable: used as it is \(it is lost if the broker restarts\)$/m,
    );
    assert.equal(
      received(ok(await tutorial("seed_receive", [url, "hello", "2"]), "receive.py")).length,
      2,
    );
  });
});

Deno.test("today's official hello world: receive.py (quorum 'hello') gets what the table's line published, and consume what send.py sent", async () => {
  await withTestVhost("official-hello", async ({ url }) => {
    const produced = ok(
      await runScript("produce", [
        "--url",
        url,
        "--exchange",
        "",
        "--queue",
        "hello",
        "--queue-type",
        "quorum",
        "--count",
        "3",
        "--text",
        "Hello World!",
      ]),
      "produce",
    );
    assert.match(produced.stdout, /confirmed=3 /);
    const receive = ok(await tutorial("official_receive", [url, "hello", "3"]), "receive.py");
    assert.deepEqual(received(receive), ["Hello World!", "Hello World!", "Hello World!"]);

    ok(await tutorial("official_send", [url, "hello", "from send.py"]), "send.py");
    const consumed = ok(
      await runScript("consume", ["--url", url, "--queue", "hello", "--expect", "1", "--json"]),
      "consume",
    );
    assert.equal(jsonOf<ConsumeSummary>(consumed).consumed, 1);
  });
});

Deno.test("today's official work queues: produce publishes into new_task.py's quorum task_queue as it is, worker.py gets every task; and the other way", async () => {
  await withTestVhost("official-tasks", async ({ url }) => {
    ok(
      await tutorial("official_new_task", [url, "task_queue", "task from new_task.py"]),
      "new_task.py",
    );
    // No flag asks for a type: the quorum queue is used as it is, with a note.
    const produced = ok(
      await runScript("produce", [
        "--url",
        url,
        "--exchange",
        "",
        "--queue",
        "task_queue",
        "--count",
        "4",
        "--text",
        "task from produce",
      ]),
      "produce",
    );
    assert.match(produced.stdout, /published=4 confirmed=4 nacked=0 returned=0/);
    assert.match(
      produced.stderr,
      /^produce: queue 'task_queue' exists as a quorum queue: used as it is$/m,
    );
    const worker = ok(await tutorial("official_worker", [url, "task_queue", "5"]), "worker.py");
    assert.deepEqual(received(worker), [
      "task from new_task.py",
      ...Array(4).fill("task from produce"),
    ]);

    // A flag that says otherwise is refused, and told which flag to change.
    const classic = await runScript("produce", [
      "--url",
      url,
      "--exchange",
      "",
      "--queue",
      "task_queue",
      "--queue-type",
      "classic",
      "--count",
      "1",
    ]);
    assert.equal(classic.code, 1, classic.stderr);
    assert.match(
      classic.stderr,
      /queue 'task_queue' already exists with x-queue-type='quorum', but this run asks for x-queue-type=(none|'classic')\. Either run with --queue-type quorum, or delete it/,
    );

    // The other way: new_task.py's tasks taken by consume with the tutorial's fair dispatch.
    ok(await tutorial("official_new_task", [url, "task_queue", "second task"]), "new_task.py");
    const consumed = ok(
      await runScript("consume", [
        "--url",
        url,
        "--queue",
        "task_queue",
        "--prefetch",
        "1",
        "--expect",
        "1",
        "--json",
      ]),
      "consume",
    );
    assert.equal(jsonOf<ConsumeSummary>(consumed).consumed, 1);
  });
});

Deno.test("today's official work queues, our side first: the table's line makes the quorum task_queue worker.py declares", async () => {
  await withTestVhost("official-tasks-first", async ({ url }) => {
    ok(
      await runScript("produce", [
        "--url",
        url,
        "--exchange",
        "",
        "--queue",
        "task_queue",
        "--queue-type",
        "quorum",
        "--count",
        "3",
      ]),
      "produce",
    );
    const worker = ok(await tutorial("official_worker", [url, "task_queue", "3"]), "worker.py");
    assert.equal(received(worker).length, 3);
  });
});

Deno.test("the pika demo's producer_id and host headers: consume names the sender in its closing lines, without --show", async () => {
  const t = testTopology("seed-sender");
  try {
    const produced = await runScript("produce", [
      ...t.flags,
      "--producer-id",
      "demo-1",
      "--count",
      "3",
    ]);
    assert.equal(produced.code, 0, produced.stderr);
    await publishWithPika(
      t.exchange,
      "work",
      [1, 2].map((i) => ({
        message_id: crypto.randomUUID(),
        headers: { producer_id: "pika-user", host: "laptop" },
        body: `seed message ${i}`,
        timestamp: Math.floor(Date.now() / 1000),
      })),
    );
    const consumed = ok(
      await runScript("consume", ["--queue", t.queue, "--expect", "5"]),
      "consume",
    );
    const lines = consumed.stdout.trimEnd().split("\n");
    assert.match(lines[0], /^consumed=5 .* foreign=2 /);
    assert.equal(lines[1], `from: demo-1@${Deno.hostname()} 3, pika-user@laptop 2`);

    const shown = await runScript("produce", [...t.flags, "--count", "1"]);
    assert.equal(shown.code, 0, shown.stderr);
    await publishWithPika(t.exchange, "work", [{
      headers: { producer_id: "pika-user", host: "laptop" },
      body: "seed message 3",
    }, { body: "no sender at all" }]);
    const json = ok(
      await runScript("consume", ["--queue", t.queue, "--expect", "3", "--json", "--show"]),
      "consume --json --show",
    );
    // The sender first, then every property the message carries (its headers among them).
    assert.match(
      json.stdout,
      /^from=pika-user@laptop foreign headers=\{(?=[^\n]*"host":"laptop")(?=[^\n]*"producer_id":"pika-user")[^\n]*\} body=seed message 3$/m,
    );
    assert.deepEqual(jsonOf<ConsumeSummary>(json).senders.slice(1), [
      { producer_id: "pika-user", host: "laptop", messages: 1 },
      { producer_id: null, host: null, messages: 1 },
    ]);
  } finally {
    await t.cleanup();
  }
});
