import assert from "node:assert/strict";
import { BENCH_HEADER_BYTES, benchBody, readBenchStamp } from "../lib/bench/mod.ts";
import { splitEvenly } from "../lib/messaging/mod.ts";
import { parseBenchFlags } from "../scripts/bench.ts";
import { jsonOf, management, runScript } from "./helpers.ts";

Deno.test("bench bodies carry producer, seq and send time in 16 bytes, padded to the size", () => {
  const bodyOf = benchBody(3, 100);
  const before = performance.timeOrigin + performance.now();
  const body = bodyOf(123_456);
  assert.equal(body.byteLength, 100);
  const stamp = readBenchStamp(body)!;
  assert.deepEqual([stamp.producer, stamp.seq], [3, 123_456]);
  assert.ok(stamp.sentAt >= before && stamp.sentAt <= performance.timeOrigin + performance.now());
  assert.equal(benchBody(0, 4)(1).byteLength, BENCH_HEADER_BYTES, "never shorter than the stamp");
  assert.equal(readBenchStamp(new Uint8Array(8)), undefined);
  assert.equal(readBenchStamp(null), undefined);
});

Deno.test("splitEvenly shares a count out whole", () => {
  assert.deepEqual(splitEvenly(10, 3), [4, 3, 3]);
  assert.deepEqual(splitEvenly(2, 4), [1, 1, 0, 0]);
  assert.equal(splitEvenly(1_000_000, 7).reduce((a, b) => a + b), 1_000_000);
});

Deno.test("bench flags: defaults and refusals", () => {
  const f = parseBenchFlags([]);
  assert.deepEqual([f.count, f.producers, f.consumers, f.size, f.confirm, f.autoAck], [
    1_000_000,
    1,
    1,
    16,
    true,
    false,
  ]);
  assert.equal(parseBenchFlags(["--no-confirm"]).confirm, false);
  assert.equal(parseBenchFlags(["--duration", "5"]).count, undefined);
  assert.throws(() => parseBenchFlags(["--count", "5", "--duration", "5"]), /--duration|--count/);
  assert.throws(() => parseBenchFlags(["--size", "8"]), /--size/);
  assert.throws(() => parseBenchFlags(["--producers", "0"]), /--producers/);
  assert.throws(
    () => parseBenchFlags(["--queue-type", "quorum", "--lazy"]),
    /unknown option '--lazy'/,
  );
});

Deno.test("the short bench (50,000 messages, 2 producers, 2 consumers): rates, percentiles, lost=0", async () => {
  const run = await runScript("bench", [
    "--count",
    "50000",
    "--producers",
    "2",
    "--consumers",
    "2",
    "--json",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const r = jsonOf<{
    sent: number;
    confirmed: number;
    received: number;
    send_rate: number;
    receive_rate: number;
    lost: number;
    duplicated: number;
    seconds: number;
    queue: string;
    confirm_latency_ms: { count: number; p50: number; p99: number; max: number };
    latency_ms: { count: number; min: number; p50: number; p99: number; max: number };
  }>(run);
  assert.deepEqual([r.sent, r.confirmed, r.received, r.lost, r.duplicated], [
    50_000,
    50_000,
    50_000,
    0,
    0,
  ]);
  assert.ok(r.send_rate > 0 && r.receive_rate > 0 && r.seconds > 0);
  assert.equal(r.confirm_latency_ms.count, 50_000);
  assert.equal(r.latency_ms.count, 50_000);
  assert.ok(
    r.latency_ms.min <= r.latency_ms.p50 && r.latency_ms.p50 <= r.latency_ms.p99 &&
      r.latency_ms.p99 <= r.latency_ms.max,
  );
  assert.match(r.queue, /^bench\./);
  assert.equal(await management.queue(r.queue), undefined, "the bench queue is deleted afterwards");
});

Deno.test("the report prints per-second lines and the verification", async () => {
  const run = await runScript("bench", ["--count", "20000", "--rate", "10000"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^time=\d+\.\ds sent=\d+\/s confirmed=\d+\/s received=\d+\/s$/m);
  assert.match(run.stdout, /^confirm_latency min=\S+ p50=\S+ p75=\S+ p95=\S+ p99=\S+ max=\S+$/m);
  assert.match(run.stdout, /^latency min=/m);
  assert.match(run.stdout, /^verification: lost=0 duplicated=0$/m);
});
