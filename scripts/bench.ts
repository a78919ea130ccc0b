/**
 * `deno task bench`: our PerfTest. Producers and consumers on their own connections through a
 * queue of their own; rates every second; confirm and end-to-end latency percentiles; and a
 * verification that every confirmed message arrived (a lost message fails the run).
 */
import { Option } from "commander";
import { BENCH_HEADER_BYTES, type BenchResult, runBench } from "../lib/bench/mod.ts";
import { parseAmqpUrls } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import { formatInteger } from "../lib/shared/mod.ts";
import type { LatencySummary } from "../lib/messaging/mod.ts";
import { checkQueueShape, type QueueType, type QueueVersion } from "../lib/amqp/mod.ts";

/** The bench drains its queue as it goes: classic or quorum (a stream keeps every message). */
const BENCH_QUEUE_TYPES: QueueType[] = ["classic", "quorum"];
import {
  amqpUrlOption,
  asFlagError,
  command,
  integer,
  parseFlags,
  queueVersionOption,
  runCli,
} from "./_cli/flags.ts";
import { CLI_CONNECT_HINTS, SHAPE_FLAGS } from "./_cli/hints.ts";

/** Parsed flags of `bench`. */
export interface BenchFlags {
  url: string;
  count?: number;
  duration?: number;
  producers: number;
  consumers: number;
  size: number;
  confirmWindow: number;
  prefetch: number;
  ackEvery: number;
  queueType: QueueType;
  queueVersion?: QueueVersion;
  durable: boolean;
  confirm: boolean;
  autoAck: boolean;
  rate: number;
  json: boolean;
}

/** Builds the `bench` command line. */
export function benchCommand() {
  return command(
    "bench",
    "Measure publish and consume rates and latencies, and verify nothing is lost.",
  )
    .addOption(
      amqpUrlOption(
        "AMQP URL of the broker, or a comma-separated list (connections spread over them)",
      ),
    )
    .addOption(
      new Option("--count <n>", "messages in total (default 1000000)").argParser(
        integer({ min: 1 }),
      )
        .conflicts("duration"),
    )
    .addOption(
      new Option("--duration <seconds>", "publish for this long instead of --count").argParser(
        integer({ min: 1, max: 86_400 }),
      ),
    )
    .addOption(
      new Option("--producers <n>", "producers, each on its own connection").argParser(
        integer({ min: 1, max: 64 }),
      ).default(1),
    )
    .addOption(
      new Option("--consumers <n>", "consumers, each on its own connection").argParser(
        integer({ min: 1, max: 64 }),
      ).default(1),
    )
    .addOption(
      new Option("--size <bytes>", `message body size (at least ${BENCH_HEADER_BYTES})`)
        .argParser(integer({ min: BENCH_HEADER_BYTES, max: 16 * 1024 * 1024 })).default(
          BENCH_HEADER_BYTES,
        ),
    )
    .addOption(
      new Option("--confirm-window <n>", "unconfirmed messages in flight per producer").argParser(
        integer({ min: 1, max: 100_000 }),
      ).default(2_000),
    )
    .addOption(
      new Option("--prefetch <n>", "prefetch per consumer").argParser(
        integer({ min: 1, max: 65_535 }),
      ).default(1_000),
    )
    .addOption(
      new Option("--ack-every <n>", "one multi-ack per N messages").argParser(
        integer({ min: 1, max: 65_535 }),
      ).default(100),
    )
    .addOption(
      new Option("--queue-type <type>", "type of the bench queue").choices(BENCH_QUEUE_TYPES)
        .default(
          "classic",
        ),
    )
    .addOption(queueVersionOption())
    .option("--durable", "durable queue and persistent messages", false)
    .option("--no-confirm", "publish without confirms (unsafe; to compare)")
    .option("--auto-ack", "consume with auto-ack (unsafe; to compare)", false)
    .addOption(
      new Option("--rate <n>", "messages per second cap for all producers (0 = unlimited)")
        .argParser(integer({ min: 0 })).default(0),
    )
    .option("--json", "print one JSON object instead of the report", false);
}

/** Parses `bench` flags. */
export function parseBenchFlags(argv: string[]): BenchFlags {
  const flags = parseFlags<BenchFlags>(benchCommand(), argv);
  return asFlagError(() => {
    parseAmqpUrls(flags.url, "--url");
    checkQueueShape({
      durable: flags.durable,
      lazy: false,
      queueType: flags.queueType,
      queueVersion: flags.queueVersion,
      priority: false,
    }, SHAPE_FLAGS);
    if (flags.count === undefined && flags.duration === undefined) flags.count = 1_000_000;
    if (flags.ackEvery > flags.prefetch && !flags.autoAck) {
      throw new UserError(
        `--ack-every (${flags.ackEvery}) must not exceed --prefetch (${flags.prefetch})`,
      );
    }
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
    endpoints: parseAmqpUrls(flags.url, "--url"),
    hints: CLI_CONNECT_HINTS,
    count: flags.count,
    durationSeconds: flags.duration,
    producers: flags.producers,
    consumers: flags.consumers,
    size: flags.size,
    confirmWindow: flags.confirmWindow,
    prefetch: flags.prefetch,
    ackEvery: flags.ackEvery,
    queueType: flags.queueType,
    queueVersion: flags.queueVersion,
    durable: flags.durable,
    confirm: flags.confirm,
    autoAck: flags.autoAck,
    rate: flags.rate,
    onTick: flags.json ? undefined : (t) =>
      console.log(
        `time=${t.seconds.toFixed(1)}s sent=${Math.round(t.sent)}/s confirmed=${
          Math.round(t.confirmed)
        }/s received=${Math.round(t.received)}/s`,
      ),
  });
  console.log(
    flags.json ? JSON.stringify(result) : formatBenchReport(result, flags.confirm).join("\n"),
  );
  return result.lost > 0 ? 1 : 0;
}

if (import.meta.main) runCli("bench", main);
