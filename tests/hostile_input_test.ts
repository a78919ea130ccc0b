/**
 * Hostile input: random envelopes never crash the decoder; random messages from another client
 * are consumed and counted; every numeric flag refuses what is not a number it can use; names,
 * headers and bodies full of terminal escape sequences reach the terminal only escaped, checked
 * byte by byte in what each script writes.
 */
import assert from "node:assert/strict";
import type { AMQPProperties } from "@cloudamqp/amqp-client";
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { MAX_SEQ, readEnvelope, readRunMessageId, runMessageId } from "../lib/messaging/mod.ts";
import { SafeAmqpClient } from "../lib/amqp/mod.ts";
import { hasUnsafeTerminalText, terminalSafe } from "../lib/shared/mod.ts";
import { benchCommand } from "../scripts/bench.ts";
import { parseFlags } from "../scripts/_cli/flags.ts";
import { consumeCommand } from "../scripts/consume.ts";
import { monitorCommand } from "../scripts/monitor.ts";
import { produceCommand } from "../scripts/produce.ts";
import { statusCommand } from "../scripts/status.ts";
import {
  eventually,
  jsonOf,
  queueDepth,
  runScript,
  runScriptBytes,
  type ScriptBytes,
  testTopology,
  uniqueName,
  withConnection,
  withTestVhost,
} from "./helpers.ts";
import { publishWithPika } from "./foreign_client.ts";

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

function anyValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 9);
  switch (pick) {
    case 0:
      return Math.floor(r() * 2 ** 32) - 2 ** 31;
    case 1:
      return r() * 1e6 - 5e5;
    case 2:
      return String.fromCharCode(
        ...Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 0xffff)),
      );
    case 3:
      return r() < 0.5;
    case 4:
      return null;
    case 5:
      return new Uint8Array(
        Array.from({ length: Math.floor(r() * 20) }, () => Math.floor(r() * 256)),
      );
    case 6:
      return depth < 2
        ? Array.from({ length: Math.floor(r() * 4) }, () => anyValue(r, depth + 1))
        : 1;
    case 7:
      return new Date(Math.floor(r() * 2e12));
    default:
      return depth < 2 ? anyHeaders(r, depth + 1) : "x";
  }
}

function anyHeaders(r: () => number, depth = 0): Record<string, unknown> {
  const names = ["producer_id", "host", "seq", "run_id", "x", "", "seq ", "SEQ"];
  const headers: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 6); i > 0; i--) {
    headers[names[Math.floor(r() * names.length)]] = anyValue(r, depth);
  }
  return headers;
}

/** One of our message ids with one character replaced by another, half of the time. */
function nearlyOurMessageId(r: () => number): string {
  const id = runMessageId({
    sentAtMs: Math.floor(r() * 2 ** 48),
    runId: "0123456789",
    seq: 1 + Math.floor(r() * MAX_SEQ),
  });
  if (r() < 0.5) return id;
  const at = Math.floor(r() * id.length);
  const chars = "0123456789abcdefABCDEF-8z ";
  return id.slice(0, at) + chars[Math.floor(r() * chars.length)] + id.slice(at + 1);
}

Deno.test("readEnvelope survives 20,000 random property sets", () => {
  const r = random(42);
  let envelopes = 0;
  for (let i = 0; i < 20_000; i++) {
    const props = r() < 0.1 ? anyValue(r) : {
      headers: r() < 0.9 ? anyHeaders(r) : anyValue(r),
      messageId: r() < 0.3 ? nearlyOurMessageId(r) : anyValue(r),
      timestamp: anyValue(r),
    };
    // deno-lint-ignore no-explicit-any
    const envelope = readEnvelope(props as any);
    if (envelope) {
      envelopes++;
      assert.ok(Number.isSafeInteger(envelope.seq) && envelope.seq >= 1);
      const fromId = readRunMessageId(envelope.messageId);
      if (fromId) assert.deepEqual([envelope.runId, envelope.seq], [fromId.runId, fromId.seq]);
      assert.equal(typeof envelope.producerId, "string");
      assert.equal(typeof envelope.runId, "string");
    }
  }
  assert.ok(envelopes < 20_000, "random input is mostly foreign");
});

Deno.test("the consumer takes 500 random messages from another client: each counted, none crashes it", async () => {
  const t = testTopology("hostile");
  const r = random(7);
  const n = 500;
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: false });
      await ch.confirmSelect();
      for (let i = 0; i < n; i++) {
        const size = r() < 0.2 ? 0 : Math.floor(r() * (r() < 0.05 ? 200_000 : 300));
        const body = new Uint8Array(Array.from({ length: size }, () => Math.floor(r() * 256)));
        const headers: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(anyHeaders(r))) {
          // AMQP tables carry strings, numbers, booleans, bytes, arrays, tables, dates, null.
          if (k !== "") headers[k] = v;
        }
        if (r() < 0.05) headers.big = "h".repeat(6_000); // a huge header (frames here are 8 KiB)
        await ch.basicPublish("", t.queue, body, {
          headers: headers as AMQPProperties["headers"],
          messageId: r() < 0.5 ? String(i) : undefined,
        });
      }
    });
    const run = await runScript("consume", ["--queue", t.queue, "--expect", String(n), "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const c = jsonOf<{ consumed: number; foreign: number }>(run);
    assert.equal(c.consumed, n);
    assert.ok(c.foreign >= n * 0.95, `random messages are foreign (${c.foreign})`);
    assert.equal(await queueDepth(t.queue), 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("every numeric flag of every script refuses negatives, words, fractions and absurd sizes", () => {
  const commands: [string, () => Command][] = [
    ["produce", produceCommand],
    ["consume", consumeCommand],
    ["bench", benchCommand],
    ["monitor", monitorCommand],
    ["status", statusCommand],
  ];
  let checked = 0;
  for (const [name, make] of commands) {
    for (const option of make().options) {
      if (!/<(n|seconds|bytes|ms|share)>/.test(option.flags)) continue;
      const flag = option.long!;
      const bad = ["-1", "abc", "NaN", "1e999", "99999999999999999999"];
      if (!option.flags.includes("<share>")) bad.push("1.5");
      for (const value of bad) {
        assert.throws(
          () => parseFlags(make(), [flag, value]),
          (e) => e instanceof UserError && e.message.includes(flag) && !e.message.includes("\n"),
          `${name} ${flag} ${value}`,
        );
        checked++;
      }
    }
  }
  assert.ok(checked > 100, `checked ${checked} flag values`);
});

/**
 * A name or value that would retitle the terminal (OSC 0 ended by BEL), clear it (CSI 2J and
 * the one-byte C1 CSI), reverse the text after it (U+202E) and hide a character (U+200B).
 */
const HOSTILE = "q\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u200b";
/** How it must read on the terminal. */
const ESCAPED = terminalSafe(HOSTILE);

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Fails unless `bytes` hold no byte a terminal acts on: no C0 control but the line feed, no
 * DEL, valid UTF-8, and no C1 control, bidi or zero-width character on any line.
 */
function assertTerminalSafe(bytes: Uint8Array, what: string): string {
  for (const [i, byte] of bytes.entries()) {
    if (byte === 0x0a || (byte >= 0x20 && byte !== 0x7f)) continue;
    const around = new TextDecoder().decode(bytes.subarray(Math.max(0, i - 40), i + 20));
    assert.fail(`${what}: byte 0x${byte.toString(16)} at ${i}, in ${JSON.stringify(around)}`);
  }
  const text = strictUtf8.decode(bytes);
  for (const line of text.split("\n")) {
    assert.ok(!hasUnsafeTerminalText(line), `${what}: ${JSON.stringify(line)}`);
  }
  return text;
}

/** Both streams of a run checked; their text. */
function safeOutput(run: ScriptBytes, what: string): { stdout: string; stderr: string } {
  return {
    stdout: assertTerminalSafe(run.stdout, `${what} stdout`),
    stderr: assertTerminalSafe(run.stderr, `${what} stderr`),
  };
}

Deno.test("consume --show prints pika's hostile producer ids, hosts and bodies escaped, a 5,000-character id cut", async () => {
  const t = testTopology("term-show");
  const id = (seq: number) => runMessageId({ sentAtMs: Date.now(), runId: "0123456789", seq });
  try {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(t.queue, { durable: true });
    });
    await publishWithPika("", t.queue, [
      {
        message_id: id(1),
        headers: { producer_id: HOSTILE, host: "\r\x1b[2Khost" },
        body: "body\x1b[2J\x9b31m\u202eevil\u200b\x7f",
      },
      { message_id: id(2), headers: { producer_id: "p".repeat(5_000), host: "h" }, body: "x" },
      { body: HOSTILE },
    ]);
    const run = await runScriptBytes("consume", ["--queue", t.queue, "--expect", "3", "--show"]);
    const { stdout, stderr } = safeOutput(run, "consume --show");
    assert.equal(run.code, 0, stderr);
    assert.ok(
      stdout.includes(`from=${ESCAPED}@\\x0d\\x1b[2Khost seq=1 body=body\\u001b[2J\\x9b31m`),
      stdout,
    );
    assert.ok(stdout.includes("\\u202eevil\\u200b\\x7f"), stdout);
    assert.ok(stdout.includes(`from=${"p".repeat(200)}…(5000 chars)@h seq=2`), stdout);
    assert.ok(stdout.includes("foreign body=q\\u001b]0;pwned\\u0007"), stdout);
    for (const line of stdout.split("\n")) assert.ok(line.length < 1_000, line.slice(0, 100));
  } finally {
    await t.cleanup();
  }
});

Deno.test("status --once and --json show hostile queue and connection names escaped", async () => {
  await withTestVhost("term-status", async ({ url }) => {
    const connectionName = `conn${HOSTILE}`;
    const named = new URL(url);
    named.searchParams.set("name", connectionName);
    const conn = new SafeAmqpClient(named.href);
    await conn.connect();
    try {
      const ch = await conn.channel();
      await ch.confirmSelect();
      await ch.queueDeclare(HOSTILE, { durable: true });
      await ch.basicPublish("", HOSTILE, "x");
      await ch.basicConsume(HOSTILE, { noAck: false }, () => {}); // holds it unacked
      let last = "";
      await eventually(
        "status to list the queue and the connection",
        async () => {
          const run = await runScriptBytes("status", ["--url", url, "--once"]);
          const { stdout, stderr } = safeOutput(run, "status --once");
          last = stdout + stderr;
          return stdout.includes(`● ${ESCAPED}`) && stdout.includes(`conn${ESCAPED}`) &&
              run.code === 0
            ? true
            : undefined;
        },
        30_000,
        () => last,
      );
      const json = await runScriptBytes("status", ["--url", url, "--json"]);
      const { stdout } = safeOutput(json, "status --json");
      assert.ok(stdout.includes("q\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eevil"), stdout);
      const snapshot = JSON.parse(stdout) as { queues: { name: string }[] };
      assert.ok(snapshot.queues.some((q) => q.name === HOSTILE), "the JSON keeps the real name");
    } finally {
      await conn.close().catch(() => {});
    }
  });
});

Deno.test("consume's did-you-mean, produce's refusal and its note on other queues escape hostile names", async () => {
  await withTestVhost("term-hints", async ({ url }) => {
    const hostile = `orders${HOSTILE}`;
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(hostile, { durable: true }, { "x-message-ttl": 60_000 });
      await ch.exchangeDeclare("term.x", "direct", { durable: true });
      await ch.queueBind(hostile, "term.x", "k");
    }, url);

    // A typed name near the hostile one: the hint names it, escaped.
    const typed = "ordersq]0;pwned[2J31mevil";
    const missing = await runScriptBytes("consume", ["--url", url, "--queue", typed]);
    const hint = safeOutput(missing, "consume on a missing queue");
    assert.equal(missing.code, 1, hint.stderr);
    assert.ok(hint.stderr.includes(`(did you mean 'orders${ESCAPED}'?)`), hint.stderr);

    // PRECONDITION_FAILED quotes the name: explained, escaped.
    const refused = await runScriptBytes("produce", [
      "--url",
      url,
      "--queue",
      hostile,
      "--audit-queue",
      "term.audit",
      "--message-ttl",
      "5000",
      "--count",
      "1",
    ]);
    const refusal = safeOutput(refused, "produce into a queue of other settings");
    assert.notEqual(refused.code, 0);
    assert.ok(
      refusal.stderr.includes(`queue 'orders${ESCAPED}' already exists with x-message-ttl`),
      refusal.stderr,
    );

    // Without a flag that asks otherwise, the queue is used as it is: the note names it, escaped.
    const asItIs = await runScriptBytes("produce", [
      "--url",
      url,
      "--queue",
      hostile,
      "--audit-queue",
      "term.audit",
      "--count",
      "1",
    ]);
    const taken = safeOutput(asItIs, "produce into a queue of other settings, as it is");
    assert.equal(asItIs.code, 0, taken.stderr);
    assert.ok(
      taken.stderr.includes(`queue 'orders${ESCAPED}' exists with x-message-ttl=60000`),
      taken.stderr,
    );

    // The exchange and key reach the hostile queue too: the note names it, escaped.
    const routed = await runScriptBytes("produce", [
      "--url",
      url,
      "--exchange",
      "term.x",
      "--routing-key",
      "k",
      "--queue",
      "term.q",
      "--audit-queue",
      "term.audit",
      "--count",
      "1",
    ]);
    const note = safeOutput(routed, "produce beside another queue");
    assert.equal(routed.code, 0, note.stderr);
    assert.ok(
      note.stderr.includes(`also routes to 1 other queue ('orders${ESCAPED}')`),
      note.stderr,
    );
  });
});

Deno.test("cleanup and replay name hostile queues and exchanges escaped", async () => {
  await withTestVhost("term-cleanup", async ({ url }) => {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.confirmSelect();
      await ch.queueDeclare(HOSTILE, { durable: true });
      await ch.queueDeclare("term.target", { durable: true });
      await ch.exchangeDeclare(`x${HOSTILE}`, "fanout", { durable: true });
      for (let i = 0; i < 2; i++) await ch.basicPublish("", HOSTILE, `m${i}`);
    }, url);

    const replayed = await runScriptBytes("replay", [
      "--url",
      url,
      "--from",
      HOSTILE,
      "--exchange",
      "",
      "--routing-key",
      "term.target",
    ]);
    const replay = safeOutput(replayed, "replay");
    assert.equal(replayed.code, 0, replay.stderr);
    assert.ok(replay.stdout.includes(`replayed=2 confirmed=2 returned=0 from=${ESCAPED} `));

    const gone = await runScriptBytes("replay", [
      "--url",
      url,
      "--from",
      `gone${HOSTILE}`,
      "--exchange",
      "",
      "--routing-key",
      "term.target",
    ]);
    const missing = safeOutput(gone, "replay from a missing queue");
    assert.equal(gone.code, 1, missing.stderr);
    assert.ok(missing.stderr.includes(`queue 'gone${ESCAPED}' does not exist`), missing.stderr);

    const cleaned = await runScriptBytes("cleanup", ["--url", url, "--all", "--yes"]);
    const cleanup = safeOutput(cleaned, "cleanup --all");
    assert.equal(cleaned.code, 0, cleanup.stderr);
    assert.ok(cleanup.stdout.includes(`deleted queue '${ESCAPED}'`), cleanup.stdout);
    assert.ok(cleanup.stdout.includes(`deleted exchange 'x${ESCAPED}'`), cleanup.stdout);
  });
});

Deno.test("a drill prefixed with a hostile name reports its steps and its JSON escaped", async () => {
  await withTestVhost("term-drill", async ({ url }) => {
    const prefix = `${uniqueName("drill")}${HOSTILE}`;
    const args = ["reliability", "--url", url, "--count", "20", "--prefix", prefix];
    const plain = await runScriptBytes("drill", args);
    const steps = safeOutput(plain, "drill");
    assert.equal(plain.code, 0, steps.stdout + steps.stderr);
    assert.ok(steps.stdout.includes(terminalSafe(prefix, { maxLength: Infinity })), steps.stdout);
    assert.match(steps.stdout, /reliability: PASS\n$/);

    const json = await runScriptBytes("drill", [...args, "--json"]);
    const out = safeOutput(json, "drill --json");
    assert.equal(json.code, 0, out.stderr);
    const report = JSON.parse(out.stdout) as { passed: boolean; steps: string[] };
    assert.equal(report.passed, true);
    assert.ok(report.steps.some((step) => step.includes(prefix)), "the JSON keeps the real name");
  });
});
