/**
 * Several publishers over several queues against what the broker can take: for each N, N tuned
 * amqplib producers (bench/amqplib_producer.mjs, one Node process each, started together, one
 * durable queue each) measure the broker's ceiling on this machine, and one `produce
 * --publishers N --queues N` run (one Deno process, N connections) is measured against it, the
 * order alternating each round (A-B, B-A). Persistent messages with confirms, the same envelope,
 * through the default exchange; the rate is every message over the whole run's time, and the
 * CPU that of every client process together.
 *
 *   deno run -A bench/publishers_ceiling.ts [--count 200000] [--rounds 2] [--publishers 1,2,4]
 */
import { Command, Option } from "commander";
import { formatInteger } from "../lib/shared/mod.ts";
import { integer } from "../scripts/_cli/flags.ts";
import { measure, roundOrder } from "../scripts/bench_compare.ts";
import { splitEvenly } from "../lib/messaging/mod.ts";
import { managementEndpoint, parseAmqpUrl } from "../lib/config.ts";
import { ManagementClient } from "../lib/management/mod.ts";
import { managementUrlFor } from "../scripts/_cli/connection_flags.ts";
import { CLI_MANAGEMENT_HINTS } from "../scripts/_cli/hints.ts";

const program = new Command("publishers_ceiling")
  .addOption(new Option("--count <n>").argParser(integer({ min: 1 })).default(200_000))
  .addOption(new Option("--rounds <n>").argParser(integer({ min: 1, max: 20 })).default(2))
  .option("--publishers <list>", "the Ns to measure", "1,2,4")
  .option("--url <url>", "the broker", "amqp://guest:guest@127.0.0.1:5672/%2F")
  .parse(["deno", "publishers_ceiling", ...Deno.args]);
const flags = program.opts<{ count: number; rounds: number; publishers: string; url: string }>();
const counts = flags.publishers.split(",").map(Number);

/** A finished client process: its last JSON line and its CPU seconds. */
interface Finished {
  result: Record<string, number>;
  cpuSeconds: number;
}

/** Runs a command of this checkout under GNU time. */
async function timed(cmd: string, args: string[]): Promise<Finished> {
  const { result, cpuSeconds } = await measure([cmd, args], true);
  return { result, cpuSeconds: cpuSeconds ?? NaN };
}

/** Runs a Deno script of this checkout. */
function script(name: string, args: string[]): Promise<Finished> {
  return timed(Deno.execPath(), ["run", "-A", `scripts/${name}.ts`, "--url", flags.url, ...args]);
}

/** One measurement: the rate over the whole run and the clients' CPU per message. */
interface Measured {
  rate: number;
  cpuUsPerMessage: number;
}

/** N amqplib producers at once, one durable queue each: the broker's ceiling for N. */
async function amqplib(queues: string[]): Promise<Measured> {
  for (const queue of queues) await declare(queue);
  const shares = splitEvenly(flags.count, queues.length);
  const runs = await Promise.all(
    queues.map((queue, i) =>
      timed("node", ["bench/amqplib_producer.mjs", flags.url, queue, String(shares[i])])
    ),
  );
  const start = Math.min(...runs.map((r) => r.result.started_at_ms));
  const end = Math.max(...runs.map((r) => r.result.started_at_ms + r.result.seconds * 1000));
  const confirmed = runs.reduce((sum, r) => sum + r.result.confirmed, 0);
  const cpu = runs.reduce((sum, r) => sum + r.cpuSeconds, 0);
  return { rate: confirmed / ((end - start) / 1000), cpuUsPerMessage: (cpu * 1e6) / confirmed };
}

/** Our produce over N connections into N queues (`--queues`), one process. */
async function ours(base: string, n: number): Promise<Measured> {
  const run = await script("produce", [
    ...["--exchange", "", "--queue", base, "--durable", "--count", String(flags.count)],
    ...["--publishers", String(n), "--queues", String(n), "--json"],
  ]);
  return {
    rate: run.result.rate,
    cpuUsPerMessage: (run.cpuSeconds * 1e6) / run.result.confirmed,
  };
}

/** The broker's management API, for this run's queues. */
const amqp = parseAmqpUrl(flags.url);
const api = new ManagementClient(
  managementEndpoint(amqp, managementUrlFor(amqp)),
  CLI_MANAGEMENT_HINTS,
);

/** Declares a durable queue for one amqplib producer. */
async function declare(queue: string): Promise<void> {
  const path = `queues/${encodeURIComponent(amqp.vhost)}/${encodeURIComponent(queue)}`;
  await api.request("PUT", path, { durable: true });
}

/** Deletes this run's queues. */
async function drop(queues: string[]): Promise<void> {
  for (const queue of queues) await api.deleteQueue(queue);
}

const tag = crypto.randomUUID().slice(0, 8);
const rows: { n: number; round: number; who: string; measured: Measured }[] = [];
console.log(
  `${formatInteger(flags.count)} persistent messages with confirms per run, default exchange`,
);
console.log("| N | round | client | msg/s | client CPU µs/msg |");
console.log("| -: | ----: | ------ | ----: | ----------------: |");
for (let round = 1; round <= flags.rounds; round++) {
  for (const n of counts) {
    for (const who of roundOrder(["amqplib", "ours"], round)) {
      const base = `ceiling.${tag}.${who}.${n}.${round}`;
      const queues = Array.from({ length: n }, (_, i) => n === 1 ? base : `${base}.${i + 1}`);
      try {
        const measured = who === "amqplib" ? await amqplib(queues) : await ours(base, n);
        rows.push({ n, round, who, measured });
        console.log(
          `| ${n} | ${round} | ${who === "ours" ? "ours, produce" : `amqplib ×${n}`} | ${
            formatInteger(Math.round(measured.rate))
          } | ${measured.cpuUsPerMessage.toFixed(1)} |`,
        );
      } finally {
        await drop(queues);
      }
    }
  }
}
console.log("");
console.log(
  "| N | amqplib ×N msg/s (ceiling) | ours msg/s | ours ÷ ceiling | CPU µs/msg, ours / amqplib |",
);
console.log(
  "| -: | -------------------------: | ---------: | -------------: | -------------------------: |",
);
for (const n of counts) {
  const mean = (who: string, pick: (m: Measured) => number) => {
    const own = rows.filter((r) => r.n === n && r.who === who).map((r) => pick(r.measured));
    return own.reduce((a, b) => a + b, 0) / own.length;
  };
  const ceiling = mean("amqplib", (m) => m.rate);
  const ourRate = mean("ours", (m) => m.rate);
  console.log(
    `| ${n} | ${formatInteger(Math.round(ceiling))} | ${formatInteger(Math.round(ourRate))} | ${
      (ourRate / ceiling).toFixed(2)
    }x | ${mean("ours", (m) => m.cpuUsPerMessage).toFixed(1)} / ${
      mean("amqplib", (m) => m.cpuUsPerMessage).toFixed(1)
    } |`,
  );
}
