/**
 * `deno task bench:compare`: our produce/consume against tuned amqplib and rabbitmq-client
 * producers/consumers on Node and the tutorial-style pika producer/consumer, back to back on the
 * same broker, each on
 * a durable queue of its own with persistent messages, confirms and the same envelope. Prints
 * msg/s, ratios, client CPU per message and peak memory; `--rounds` alternates the order
 * (A-B, B-A, ...) so a noisy machine's drift does not favour one client.
 */
import { type Command, Option } from "commander";
import { run } from "../lib/local_broker/mod.ts";
import { formatInteger } from "../lib/shared/mod.ts";
import { ManagementClient } from "../lib/management/mod.ts";
import { asFlagError, command, integer, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { CLI_MANAGEMENT_HINTS } from "./_cli/hints.ts";

/** Parsed flags of `bench:compare`. */
export interface CompareFlags extends ConnectionFlagValues {
  count: number;
  pikaCount: number;
  rounds: number;
  json: boolean;
}

/** Builds the `bench:compare` command line. */
export function compareCommand(): Command {
  const program = command(
    "bench:compare",
    "Compare produce/consume with amqplib and rabbitmq-client (Node) and pika (tutorial style).",
  );
  return addConnectionFlags(program, {})
    .optionsGroup("Comparison:")
    .addOption(
      new Option("--count <n>", "messages for our scripts, amqplib and rabbitmq-client")
        .argParser(integer({ min: 1 })).default(200_000),
    )
    .addOption(
      new Option("--pika-count <n>", "messages for pika (it confirms one at a time)")
        .argParser(integer({ min: 0 })).default(20_000),
    )
    .addOption(
      new Option("--rounds <n>", "rounds, each in the reverse order of the one before (A-B, B-A)")
        .argParser(integer({ min: 1, max: 20 })).default(1),
    )
    .option("--json", "print one JSON object instead of the table", false);
}

/** One client's figures in one round. */
export interface CompareRow {
  /** The round it ran in, from 1. */
  round: number;
  client: string;
  /** The queue it ran on (deleted afterwards). */
  queue: string;
  count: number;
  publish_rate: number;
  consume_rate: number;
  publish_rss_mb: number | null;
  consume_rss_mb: number | null;
  /** The producer process's CPU time (user + system, its start included) per message, µs. */
  publish_cpu_us: number | null;
  /** The same for the consumer process. */
  consume_cpu_us: number | null;
}

const root = new URL("../", import.meta.url).pathname;
const TIME = "/usr/bin/time";

/** What GNU time reports of a finished command. */
export interface Usage {
  rssMb: number | null;
  /** User + system CPU seconds. */
  cpuSeconds: number | null;
}

const TIME_FORMAT = "peak_rss_kb=%M cpu_user_s=%U cpu_system_s=%S";
/** Whether GNU time runs here (then every command is measured through it). */
async function gnuTimeWorks(): Promise<boolean> {
  return (await run(TIME, ["-f", TIME_FORMAT, "true"]))?.success === true;
}

/**
 * Runs a command in the repository's root, with its peak RSS and CPU time from GNU time when
 * `timed`; parses its last JSON line.
 *
 * @example
 * ```ts
 * const { result, cpuSeconds } = await measure(["node", ["bench/amqplib_consumer.mjs", url, q, "10"]], true);
 * ```
 */
export async function measure(
  [cmd, args]: [string, string[]],
  timed: boolean,
): Promise<{ result: Record<string, number> } & Usage> {
  const [bin, argv] = timed ? [TIME, ["-f", TIME_FORMAT, cmd, ...args]] : [cmd, args];
  const out = await new Deno.Command(bin, {
    args: argv,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed: ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
    );
  }
  return { result: JSON.parse(stdout.trim().split("\n").pop()!), ...usageOf(stderr) };
}

/**
 * Peak RSS and CPU seconds from GNU time's line in `stderr` (nulls without it).
 *
 * @example
 * ```ts
 * usageOf("peak_rss_kb=2048 cpu_user_s=1.50 cpu_system_s=0.25"); // { rssMb: 2, cpuSeconds: 1.75 }
 * ```
 */
export function usageOf(stderr: string): Usage {
  const rss = stderr.match(/peak_rss_kb=(\d+)/);
  const cpu = stderr.match(/cpu_user_s=([\d.]+) cpu_system_s=([\d.]+)/);
  return {
    rssMb: rss ? Math.round(Number(rss[1]) / 1024) : null,
    cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null,
  };
}

/** Microseconds of CPU per message, one decimal. */
function perMessage(cpuSeconds: number | null, count: number): number | null {
  return cpuSeconds === null ? null : Math.round(cpuSeconds * 1e7 / count) / 10;
}

/** The Python that has pika (Debian's python3-pika installs for /usr/bin/python3). */
async function pythonWithPika(): Promise<string | undefined> {
  for (const python of ["/usr/bin/python3", "python3"]) {
    if ((await run(python, ["-c", "import pika"]))?.success) return python;
  }
  return undefined;
}

/** One client pair to measure: how to start its producer and its consumer on a queue. */
interface Peer {
  key: string;
  client: string;
  count: number;
  /** Shown before it runs. */
  intro: string;
  producer: (queue: string) => [string, string[]];
  consumer: (queue: string) => [string, string[]];
}

/** Our scripts, amqplib, rabbitmq-client, and pika when a Python with pika is installed. */
function peersOf(flags: CompareFlags, url: string, python: string | undefined): Peer[] {
  const count = String(flags.count);
  const peers: Peer[] = [{
    key: "ours",
    client: "ours (Deno, amqp-client)",
    count: flags.count,
    intro: `ours: deno produce/consume, ${
      formatInteger(flags.count)
    } persistent messages with confirms...`,
    // Through the default exchange, as the other clients publish (no audit copy then).
    producer: (queue) => [Deno.execPath(), [
      ...["run", "-A", "scripts/produce.ts", "--url", url, "--exchange", ""],
      ...["--queue", queue, "--count", count, "--durable", "--json"],
    ]],
    consumer: (queue) => [Deno.execPath(), [
      ...["run", "-A", "scripts/consume.ts", "--url", url, "--queue", queue],
      ...["--expect", count, "--json"],
    ]],
  }, {
    key: "amqplib",
    client: "amqplib (Node, tuned)",
    count: flags.count,
    intro: `amqplib: tuned Node producer/consumer, ${formatInteger(flags.count)} messages...`,
    producer: (queue) => ["node", ["bench/amqplib_producer.mjs", url, queue, count]],
    consumer: (queue) => ["node", ["bench/amqplib_consumer.mjs", url, queue, count]],
  }, {
    key: "rabbitmq-client",
    client: "rabbitmq-client (Node, tuned)",
    count: flags.count,
    intro: `rabbitmq-client: tuned Node producer/consumer, ${
      formatInteger(flags.count)
    } messages...`,
    producer: (queue) => ["node", ["bench/rabbitmq_client_producer.mjs", url, queue, count]],
    consumer: (queue) => ["node", ["bench/rabbitmq_client_consumer.mjs", url, queue, count]],
  }];
  if (python) {
    const n = String(flags.pikaCount);
    peers.push({
      key: "pika",
      client: "pika (tutorial style)",
      count: flags.pikaCount,
      intro: `pika: tutorial-style producer/consumer, ${
        formatInteger(flags.pikaCount)
      } messages...`,
      producer: (queue) => [python, ["bench/pika_producer.py", url, queue, n]],
      consumer: (queue) => [python, ["bench/pika_consumer.py", url, queue, n]],
    });
  }
  return peers;
}

/** Runs one peer's producer, then its consumer, on a durable queue of its own. */
async function measurePeer(
  api: ManagementClient,
  vhost: string,
  peer: Peer,
  at: { tag: string; round: number; timed: boolean },
): Promise<CompareRow> {
  const queue = `compare.${peer.key}.${at.tag}.${at.round}`;
  await api.request(
    "PUT",
    `queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}`,
    { durable: true },
  );
  try {
    const p = await measure(peer.producer(queue), at.timed);
    const c = await measure(peer.consumer(queue), at.timed);
    return {
      round: at.round,
      client: peer.client,
      queue,
      count: peer.count,
      publish_rate: p.result.rate,
      consume_rate: c.result.rate,
      publish_rss_mb: p.rssMb,
      consume_rss_mb: c.rssMb,
      publish_cpu_us: perMessage(p.cpuSeconds, peer.count),
      consume_cpu_us: perMessage(c.cpuSeconds, peer.count),
    };
  } finally {
    await api.deleteQueue(queue);
  }
}

/** The Markdown table: rates, ours divided by each other client's (same round), CPU, memory. */
function printTable(rows: CompareRow[]): void {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const pair = (a: number | null, b: number | null, unit: string) =>
    `${a ?? "?"} / ${b ?? "?"}${unit}`;
  console.log("");
  console.log(
    "| round | client | messages | publish msg/s | consume msg/s | ours ÷ it, publish | ours ÷ it, consume | CPU µs/msg pub / con | peak RSS pub / con |",
  );
  console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    const ours = rows.find((o) => o.round === r.round && o.client.startsWith("ours"))!;
    const vs = (ourRate: number, itsRate: number) => r === ours ? "—" : ratio(ourRate, itsRate);
    console.log(
      `| ${r.round} | ${r.client} | ${formatInteger(r.count)} | ${
        formatInteger(r.publish_rate)
      } | ` +
        `${formatInteger(r.consume_rate)} | ${vs(ours.publish_rate, r.publish_rate)} | ` +
        `${vs(ours.consume_rate, r.consume_rate)} | ` +
        `${pair(r.publish_cpu_us, r.consume_cpu_us, "")} | ` +
        `${pair(r.publish_rss_mb, r.consume_rss_mb, " MB")} |`,
    );
  }
}

/** One client's figures over every round, beside ours. */
export interface PeerSummary {
  client: string;
  rounds: number;
  /** Mean rates over the rounds (msg/s). */
  publish_rate: number;
  consume_rate: number;
  /** Ours divided by the client's: rates (above 1: ours is faster), CPU (below 1: ours uses less). */
  publish_ratio: number;
  consume_ratio: number;
  publish_cpu_ratio: number | null;
  consume_cpu_ratio: number | null;
  /** Mean CPU per message, µs. */
  publish_cpu_us: number | null;
  consume_cpu_us: number | null;
}

/**
 * Each client's means over the rounds, with ours divided by each (ours has ratio 1).
 *
 * @example
 * ```ts
 * summarize(rows).find((s) => s.client.startsWith("amqplib"))?.consume_ratio; // 1.1: ours faster
 * ```
 */
export function summarize(rows: CompareRow[]): PeerSummary[] {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const meanOrNull = (values: (number | null)[]) =>
    values.some((v) => v === null) ? null : mean(values as number[]);
  const clients = [...new Set(rows.map((r) => r.client))];
  const figures = clients.map((client) => {
    const own = rows.filter((r) => r.client === client);
    return {
      client,
      rounds: own.length,
      publish_rate: mean(own.map((r) => r.publish_rate)),
      consume_rate: mean(own.map((r) => r.consume_rate)),
      publish_cpu_us: meanOrNull(own.map((r) => r.publish_cpu_us)),
      consume_cpu_us: meanOrNull(own.map((r) => r.consume_cpu_us)),
    };
  });
  const ours = figures.find((f) => f.client.startsWith("ours")) ?? figures[0];
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100;
  return figures.map((f) => ({
    ...f,
    publish_ratio: ratio(ours.publish_rate, f.publish_rate)!,
    consume_ratio: ratio(ours.consume_rate, f.consume_rate)!,
    publish_cpu_ratio: ratio(ours.publish_cpu_us, f.publish_cpu_us),
    consume_cpu_ratio: ratio(ours.consume_cpu_us, f.consume_cpu_us),
  }));
}

/** The per-client means over the rounds, as a Markdown table. */
function printSummary(summaries: PeerSummary[]): void {
  const cpu = (v: number | null) => v === null ? "?" : v.toFixed(1);
  const x = (v: number | null) => v === null ? "?" : `${v.toFixed(2)}x`;
  console.log("");
  console.log(
    "| client | rounds | publish msg/s | consume msg/s | ours ÷ it, publish | ours ÷ it, consume | CPU µs/msg pub / con | our CPU ÷ its, pub / con |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const s of summaries) {
    const isOurs = s.client.startsWith("ours");
    console.log(
      `| ${s.client} | ${s.rounds} | ${formatInteger(s.publish_rate)} | ${
        formatInteger(s.consume_rate)
      } | ${isOurs ? "—" : x(s.publish_ratio)} | ${isOurs ? "—" : x(s.consume_ratio)} | ` +
        `${cpu(s.publish_cpu_us)} / ${cpu(s.consume_cpu_us)} | ` +
        `${isOurs ? "—" : `${x(s.publish_cpu_ratio)} / ${x(s.consume_cpu_ratio)}`} |`,
    );
  }
}

/**
 * The peers in the order of round `round` (from 1): as listed in odd rounds, reversed in even
 * ones, so over two rounds each client runs as often early as late (A-B, B-A).
 *
 * @example
 * ```ts
 * roundOrder(["a", "b"], 2); // ["b", "a"]
 * ```
 */
export function roundOrder<T>(peers: T[], round: number): T[] {
  return round % 2 === 1 ? peers : [...peers].reverse();
}

async function main(): Promise<number> {
  const flags = parseFlags<CompareFlags>(compareCommand(), Deno.args);
  const broker = asFlagError(() => resolveConnection(flags));
  const [amqp] = broker.amqp;
  const api = new ManagementClient(broker.management, CLI_MANAGEMENT_HINTS);
  // One explicit form every client reads the same way (pika wants the vhost spelled out).
  const credentials = `${encodeURIComponent(amqp.username)}:${encodeURIComponent(amqp.password)}`;
  const url = `amqp://${credentials}@${amqp.host}:${amqp.port}/${encodeURIComponent(amqp.vhost)}`;
  const log = (text: string) => flags.json || console.log(text);
  const python = flags.pikaCount > 0 ? await pythonWithPika() : undefined;
  const tag = crypto.randomUUID().slice(0, 8);
  const timed = await gnuTimeWorks();
  const rows: CompareRow[] = [];
  const peers = peersOf(flags, url, python);
  for (let round = 1; round <= flags.rounds; round++) {
    for (const peer of roundOrder(peers, round)) {
      log(flags.rounds > 1 ? `round ${round}, ${peer.intro}` : peer.intro);
      rows.push(await measurePeer(api, amqp.vhost, peer, { tag, round, timed }));
    }
  }
  if (!python && flags.pikaCount > 0) {
    log("pika: skipped (no Python with pika; apt-get install python3-pika)");
  }
  const summaries = summarize(rows);
  if (flags.json) console.log(JSON.stringify({ rows, summaries }));
  else {
    printTable(rows);
    printSummary(summaries);
  }
  return 0;
}

if (import.meta.main) runCli("bench:compare", main);
