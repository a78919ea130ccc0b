/**
 * Hostile input: random envelopes never crash the decoder; random messages from another client
 * are consumed and counted; every numeric flag refuses what is not a number it can use.
 */
import assert from "node:assert/strict";
import type { AMQPProperties } from "@cloudamqp/amqp-client";
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { MAX_SEQ, readEnvelope, readRunMessageId, runMessageId } from "../lib/messaging/mod.ts";
import { benchCommand } from "../scripts/bench.ts";
import { parseFlags } from "../scripts/_cli/flags.ts";
import { consumeCommand } from "../scripts/consume.ts";
import { monitorCommand } from "../scripts/monitor.ts";
import { produceCommand } from "../scripts/produce.ts";
import { statusCommand } from "../scripts/status.ts";
import { jsonOf, queueDepth, runScript, testTopology, withConnection } from "./helpers.ts";

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
