/**
 * `deno task bench`: our PerfTest. Producers and consumers on their own connections through a
 * queue of their own; rates every second; confirm and end-to-end latency percentiles; and a
 * verification that every confirmed message arrived (a lost message fails the run).
 */
import { Option } from "commander";
import { BENCH_HEADER_BYTES, type BenchResult, runBench } from "../lib/bench/mod.ts";
import { formatInteger, terminalJson } from "../lib/shared/mod.ts";
import type { LatencySummary } from "../lib/messaging/mod.ts";
import { checkQueueShape, type QueueType, type QueueVersion } from "../lib/amqp/mod.ts";

/** The bench drains its queue as it goes: classic or quorum (a stream keeps every message). */
const BENCH_QUEUE_TYPES: QueueType[] = ["classic", "quorum"];
import { asFlagError, command, integer, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { durableFlag, queueVersionFlag } from "./_cli/topology_flags.ts";
import { addPublishFlags, BENCH_CONFIRM_WINDOW } from "./_cli/publish_flags.ts";
import {
  addDeliveryFlags,
  checkDeliveryFlags,
  type DeliveryFlagValues,
  deliveryOf,
} from "./_cli/delivery_flags.ts";
import { addOutputFlags } from "./_cli/output_flags.ts";
import { CLI_CONNECT_HINTS, SHAPE_FLAGS } from "./_cli/hints.ts";

/** Parsed flags of `bench`. */
export interface BenchFlags
  extends ConnectionFlagValues, Omit<DeliveryFlagValues, "expect" | "idleTimeout"> {
  /** The broker `--url` names (connections spread over its nodes). */
  broker: BrokerConnection;
  count?: number;
  duration?: number;
  producers: number;
  consumers: number;
  size: number;
  confirmWindow: number;
  queueType: QueueType;
  queueVersion?: QueueVersion;
  durable: boolean;
  confirm: boolean;
  rate: number;
  json: boolean;
}

/** Builds the `bench` command line. */
export function benchCommand() {
  const program = command(
    "bench",
    "Measure publish and consume rates and latencies, and verify nothing is lost.",
  );
  addConnectionFlags(program, { management: false });
  const load = [
    new Option("--count <n>", "messages in total (default: 1000000)").argParser(
      integer({ min: 1 }),
    ).conflicts("duration"),
    new Option(
      "--duration <seconds>",
      "publish for this long instead of --count (default: --count)",
    ).argParser(integer({ min: 1, max: 86_400 })),
    new Option("--producers <n>", "producers, each on its own connection").argParser(
      integer({ min: 1, max: 64 }),
    ).default(1),
    new Option("--consumers <n>", "consumers, each on its own connection").argParser(
      integer({ min: 1, max: 64 }),
    ).default(1),
    new Option("--size <bytes>", `message body size (at least ${BENCH_HEADER_BYTES})`)
      .argParser(integer({ min: BENCH_HEADER_BYTES, max: 16 * 1024 * 1024 }))
      .default(BENCH_HEADER_BYTES),
    new Option("--queue-type <type>", "type of the bench queue").choices(BENCH_QUEUE_TYPES)
      .default("classic"),
    queueVersionFlag(),
    durableFlag(),
    new Option("--no-confirm", "publish without confirms (unsafe; to compare) (default: confirms)"),
  ];
  for (const flag of load) program.addOption(flag.helpGroup("Load:"));
  addPublishFlags(program, { rate: true, resilience: false, confirmWindow: BENCH_CONFIRM_WINDOW });
  addDeliveryFlags(program, { ending: false });
  return addOutputFlags(program, { progress: false });
}

/** Parses `bench` flags. */
export function parseBenchFlags(argv: string[]): BenchFlags {
  const flags = parseFlags<BenchFlags>(benchCommand(), argv);
  return asFlagError(() => {
    flags.broker = resolveConnection(flags);
    checkQueueShape({
      durable: flags.durable,
      lazy: false,
      queueType: flags.queueType,
      queueVersion: flags.queueVersion,
      priority: false,
    }, SHAPE_FLAGS);
    if (flags.count === undefined && flags.duration === undefined) flags.count = 1_000_000;
    checkDeliveryFlags(flags);
    return flags;
  });
}

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : Math.round(n)}ms`;

/** One line of latency percentiles. */
export function formatLatency(label: string, l: LatencySummary): string {
  return `${label} min=${ms(l.min)} p50=${ms(l.p50)} p75=${ms(l.p75)} p95=${ms(l.p95)} p99=${
    ms(l.p99)
  } max=${ms(l.max)}`;
}

/** The report printed at the end of a run. */
export function formatBenchReport(r: BenchResult, confirm: boolean): string[] {
  return [
    `sent=${formatInteger(r.sent)} confirmed=${formatInteger(r.confirmed)} received=${
      formatInteger(r.received)
    } time=${r.seconds.toFixed(2)}s`,
    `send_rate=${Math.round(r.send_rate)} msg/s receive_rate=${
      Math.round(r.receive_rate)
    } msg/s peak_rss=${r.peak_rss_mb}MB`,
    confirm
      ? formatLatency("confirm_latency", r.confirm_latency_ms)
      : "confirm_latency (no confirms)",
    formatLatency("latency", r.latency_ms),
    `verification: lost=${r.lost} duplicated=${r.duplicated}${
      r.lost > 0 ? "  FAILED: confirmed messages never arrived" : ""
    }`,
  ];
}

async function main(): Promise<number> {
  const flags = parseBenchFlags(Deno.args);
  if (!flags.json) {
    console.log(
      `bench: ${
        flags.count !== undefined ? `${formatInteger(flags.count)} messages` : `${flags.duration}s`
      }, ` +
        `${flags.producers} producer(s), ${flags.consumers} consumer(s), ${flags.size} bytes, ` +
        `${flags.confirm ? `confirms (window ${flags.confirmWindow})` : "no confirms"}, ` +
        `${
          flags.autoAck
            ? "auto-ack"
            : `manual acks (prefetch ${flags.prefetch}, ack every ${flags.ackEvery})`
        }, ` +
        `${flags.queueType}${flags.durable ? " durable" : ""}`,
    );
  }
  const result = await runBench({
    endpoints: flags.broker.amqp,
    hints: CLI_CONNECT_HINTS,
    count: flags.count,
    durationSeconds: flags.duration,
    producers: flags.producers,
    consumers: flags.consumers,
    size: flags.size,
    confirmWindow: flags.confirmWindow,
    delivery: deliveryOf(flags),
    queueType: flags.queueType,
    queueVersion: flags.queueVersion,
    durable: flags.durable,
    confirm: flags.confirm,
    rate: flags.rate,
    onTick: flags.json ? undefined : (t) =>
      console.log(
        `time=${t.seconds.toFixed(1)}s sent=${Math.round(t.sent)}/s confirmed=${
          Math.round(t.confirmed)
        }/s received=${Math.round(t.received)}/s`,
      ),
  });
  console.log(
    flags.json ? terminalJson(result) : formatBenchReport(result, flags.confirm).join("\n"),
  );
  return result.lost > 0 ? 1 : 0;
}

if (import.meta.main) runCli("bench", main);
