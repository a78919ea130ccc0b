/**
 * The stream protocol against a private node with the `rabbitmq_stream` plugin: produce and
 * consume over it with the envelope and the usual summaries, the stream port learned from the
 * management API, offsets stored under a consumer name, and a connection cut in the middle of
 * publishing and of consuming with nothing lost and nothing duplicated.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import type { ProduceSummary } from "../scripts/produce.ts";
import { type Envelope, newRunId, type StreamOffset } from "../lib/messaging/mod.ts";
import {
  StreamConnection,
  StreamConsumeRun,
  type StreamEndpoint,
  StreamMessageTemplate,
  StreamPublishRun,
} from "../lib/stream/mod.ts";
import { jsonOf, runScript, shownSeqs, uniqueName } from "./helpers.ts";
import { PrivateBroker } from "./private_broker.ts";
import { TcpProxy } from "./tcp_proxy.ts";

function envOf(broker: PrivateBroker): Record<string, string> {
  return { AMQP_URL: broker.url, MANAGEMENT_URL: broker.node.managementUrl! };
}

function endpointOf(broker: PrivateBroker, port = broker.node.options.streamPort!): StreamEndpoint {
  return { host: "127.0.0.1", port, username: "guest", password: "guest", vhost: "/" };
}

/** Reads `expect` messages of `stream` from `offset`; their envelopes, in order. */
async function readBack(
  endpoint: StreamEndpoint,
  stream: string,
  expect: number,
  options: { offset?: StreamOffset; consumerName?: string } = {},
): Promise<Envelope[]> {
  const seen: Envelope[] = [];
  const result = await new StreamConsumeRun({
    connect: () => StreamConnection.connect(endpoint),
    stream,
    offset: options.offset ?? "first",
    consumerName: options.consumerName,
    credit: 4,
    expect,
    idleTimeoutMs: 5_000,
    reconnectTimeoutMs: 5_000,
    onMessage: (_message, envelope) => envelope && seen.push(envelope),
  }).run();
  assert.equal(
    result.consumed,
    expect,
    `read ${result.consumed} of ${expect} (${result.stopReason})`,
  );
  return seen;
}

/** Each of 1..count exactly once, or what differs. */
function assertEachOnce(seqs: number[], count: number): void {
  const counts = new Map<number, number>();
  for (const seq of seqs) counts.set(seq, (counts.get(seq) ?? 0) + 1);
  const missing = [];
  for (let seq = 1; seq <= count; seq++) if (!counts.has(seq)) missing.push(seq);
  const twice = [...counts].filter(([, n]) => n > 1).map(([seq]) => seq);
  assert.deepEqual({ missing: missing.slice(0, 10), twice: twice.slice(0, 10) }, {
    missing: [],
    twice: [],
  });
  assert.equal(seqs.length, count);
}

Deno.test("the stream protocol: produce, consume, stored offsets and cut connections on a private node", async (t) => {
  const broker = await PrivateBroker.start({ management: true, stream: true });
  try {
    const env = envOf(broker);

    await t.step(
      "produce and consume over the stream protocol, the port learned from the management API",
      async () => {
        const stream = uniqueName("stream-protocol");
        const produced = await runScript("produce", [
          "--queue",
          stream,
          "--audit-queue",
          "",
          "--queue-type",
          "stream",
          "--protocol",
          "stream",
          "--count",
          "2000",
          "--size",
          "100",
          "--json",
        ], env);
        assert.equal(produced.code, 0, produced.stderr);
        const summary = jsonOf<ProduceSummary>(produced);
        assert.equal(summary.confirmed, 2000);
        assert.equal(summary.protocol, "stream");
        assert.match(produced.stderr, new RegExp(`:${broker.node.options.streamPort}\\)`));
        const consumed = await runScript("consume", [
          "--queue",
          stream,
          "--queue-type",
          "stream",
          "--protocol",
          "stream",
          "--expect",
          "2000",
          "--json",
        ], env);
        assert.equal(consumed.code, 0, consumed.stderr);
        const read = jsonOf<ConsumeSummary>(consumed);
        assert.equal(read.consumed, 2000);
        assert.equal(read.duplicates, 0);
        assert.equal(read.foreign, 0);
        assert.ok(read.latency_ms !== null, "our messages carry their send time");
        assert.equal(read.senders.reduce((n, s) => n + s.messages, 0), 2000);
      },
    );

    await t.step(
      "an AMQP reader sees the envelope of messages written over the stream protocol",
      async () => {
        const stream = uniqueName("stream-both");
        const produced = await runScript("produce", [
          "--queue",
          stream,
          "--audit-queue",
          "",
          "--queue-type",
          "stream",
          "--protocol",
          "stream",
          "--count",
          "5",
          "--producer-id",
          "ana",
        ], env);
        assert.equal(produced.code, 0, produced.stderr);
        const consumed = await runScript("consume", [
          "--queue",
          stream,
          "--queue-type",
          "stream",
          "--expect",
          "5",
          "--show",
        ], env);
        assert.equal(consumed.code, 0, consumed.stderr);
        assert.deepEqual(shownSeqs(consumed.stdout), [1, 2, 3, 4, 5]);
        assert.match(consumed.stdout, /^from=ana@/m);
      },
    );

    await t.step(
      "a stream written over AMQP 0-9-1 reads back over the stream protocol with the envelope",
      async () => {
        const stream = uniqueName("stream-amqp-written");
        const produced = await runScript("produce", [
          "--queue",
          stream,
          "--audit-queue",
          "",
          "--queue-type",
          "stream",
          "--count",
          "300",
          "--producer-id",
          "bea",
        ], env);
        assert.equal(produced.code, 0, produced.stderr);
        const consumed = await runScript("consume", [
          "--queue",
          stream,
          "--queue-type",
          "stream",
          "--protocol",
          "stream",
          "--expect",
          "300",
          "--json",
        ], env);
        assert.equal(consumed.code, 0, consumed.stderr);
        const read = jsonOf<ConsumeSummary>(consumed);
        assert.equal(read.consumed, 300);
        assert.equal(read.foreign, 0, "AMQP 0-9-1 messages keep our envelope");
        assert.equal(read.duplicates, 0);
        assert.deepEqual(read.senders.map((s) => [s.producer_id, s.messages]), [["bea", 300]]);
      },
    );

    await t.step("a consumer name stores the offset: the next run goes on after it", async () => {
      const stream = uniqueName("stream-offsets");
      const produced = await runScript("produce", [
        "--queue",
        stream,
        "--audit-queue",
        "",
        "--queue-type",
        "stream",
        "--protocol",
        "stream",
        "--count",
        "30",
      ], env);
      assert.equal(produced.code, 0, produced.stderr);
      const args = [
        "--queue",
        stream,
        "--queue-type",
        "stream",
        "--protocol",
        "stream",
        "--consumer-name",
        "reader-1",
        "--show",
      ];
      const first = await runScript("consume", [...args, "--expect", "10"], env);
      assert.equal(first.code, 0, first.stderr);
      const second = await runScript("consume", [...args, "--expect", "20"], env);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stderr, /going on after offset 9 stored under 'reader-1'/);
      assertEachOnce([...shownSeqs(first.stdout), ...shownSeqs(second.stdout)], 30);
    });

    await t.step(
      "a connection cut while publishing: every message stored once (deduplication)",
      async () => {
        const stream = uniqueName("stream-cut-publish");
        const setup = await StreamConnection.connect(endpointOf(broker));
        await setup.createStream(stream, {});
        await setup.close();
        const proxy = new TcpProxy({
          hostname: "127.0.0.1",
          port: broker.node.options.streamPort!,
        });
        const count = 50_000;
        let cut = false;
        let reconnects = 0;
        const run = new StreamPublishRun({
          connect: () => StreamConnection.connect(endpointOf(broker, proxy.port)),
          stream,
          producerName: `cut-${newRunId()}`,
          count,
          template: new StreamMessageTemplate({
            producerId: "cutter",
            host: "test",
            runId: newRunId(),
            contentType: "text/plain",
            body: new Uint8Array(100),
          }),
          window: 5_000,
          batch: 200,
          reconnectTimeoutMs: 10_000,
          progressEvery: 1_000,
          onProgress: (confirmed) => {
            if (!cut && confirmed >= 10_000) {
              cut = true;
              proxy.dropAll(); // unconfirmed messages are in flight now
            }
          },
          onReconnect: () => reconnects++,
        });
        try {
          const result = await run.run();
          assert.equal(result.error, undefined);
          assert.equal(result.confirmed, count);
          assert.ok(reconnects >= 1, "the connection was cut and the run reconnected");
        } finally {
          await proxy.close();
        }
        const seqs = (await readBack(endpointOf(broker), stream, count)).map((e) => e.seq);
        assertEachOnce(seqs, count);
        // Nothing more than the run's messages: a read of one more finds nothing within 1 s.
        const extra = await new StreamConsumeRun({
          connect: () => StreamConnection.connect(endpointOf(broker)),
          stream,
          offset: count,
          credit: 1,
          expect: 1,
          idleTimeoutMs: 1_000,
          reconnectTimeoutMs: 1_000,
        }).run();
        assert.equal(extra.consumed, 0, "a message past the run's last was stored");
      },
    );

    await t.step(
      "a connection cut while consuming: the run goes on after the last message handled",
      async () => {
        const stream = uniqueName("stream-cut-consume");
        const produced = await runScript("produce", [
          "--queue",
          stream,
          "--audit-queue",
          "",
          "--queue-type",
          "stream",
          "--protocol",
          "stream",
          "--count",
          "20000",
        ], env);
        assert.equal(produced.code, 0, produced.stderr);
        // Small pieces, so frames arrive split over many reads.
        const proxy = new TcpProxy(
          { hostname: "127.0.0.1", port: broker.node.options.streamPort! },
          { chunkBytes: 1_500 },
        );
        const seqs: number[] = [];
        let reconnects = 0;
        try {
          const run = new StreamConsumeRun({
            connect: () => StreamConnection.connect(endpointOf(broker, proxy.port)),
            stream,
            offset: "first",
            credit: 2,
            expect: 20_000,
            idleTimeoutMs: 10_000,
            reconnectTimeoutMs: 10_000,
            onMessage: (_m, envelope) => {
              if (envelope) seqs.push(envelope.seq);
              if (seqs.length === 5_000) proxy.dropAll();
            },
            onReconnect: () => reconnects++,
          });
          const result = await run.run();
          assert.equal(result.consumed, 20_000);
          assert.equal(result.duplicates, 0);
          assert.ok(reconnects >= 1, "the connection was cut and the run reconnected");
        } finally {
          await proxy.close();
        }
        assertEachOnce(seqs, 20_000);
      },
    );

    await t.step("one clear line for flags that do not fit the stream protocol", async () => {
      const notStream = await runScript("produce", ["--protocol", "stream", "--count", "1"], env);
      assert.equal(notStream.code, 2, notStream.stderr);
      assert.match(
        notStream.stderr,
        /--protocol stream reaches streams only; add --queue-type stream/,
      );
      const spread = await runScript("produce", [
        "--queue-type",
        "stream",
        "--protocol",
        "stream",
        "--publishers",
        "2",
        "--count",
        "1",
      ], env);
      assert.match(spread.stderr, /--publishers does not apply over --protocol stream/);
      const name = await runScript("consume", ["--consumer-name", "x", "--expect", "1"], env);
      assert.match(name.stderr, /--consumer-name applies to --protocol stream only/);
      const url = await runScript("produce", [
        "--queue",
        uniqueName("stream-url"),
        "--audit-queue",
        "",
        "--queue-type",
        "stream",
        "--protocol",
        "stream",
        "--stream-url",
        "http://nowhere",
        "--count",
        "1",
      ], env);
      assert.match(
        url.stderr,
        /--stream-url takes a URL such as rabbitmq-stream:\/\/localhost:5552/,
      );
    });

    await t.step("without the plugin's listener named, the run says how to get one", async () => {
      const run = await runScript("produce", [
        "--queue",
        uniqueName("stream-noplugin"),
        "--audit-queue",
        "",
        "--queue-type",
        "stream",
        "--protocol",
        "stream",
        "--count",
        "1",
      ], { ...env, MANAGEMENT_URL: "http://127.0.0.1:9" });
      assert.notEqual(run.code, 0);
      assert.match(
        run.stderr,
        /named no stream listener; enable the plugin .* or give --stream-url/,
      );
    });
  } finally {
    await broker.stop();
  }
});
