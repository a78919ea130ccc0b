/**
 * What consuming costs, build against build: the same persistent messages (our envelope,
 * published by this checkout's produce into a durable queue of their own) consumed by each
 * build's `scripts/consume.ts`, alternating the order each round (A-B, B-A), with the rate and
 * the consumer process's CPU (user + system, its start included) per message, and the
 * broker's CPU per message while it consumed (when the machine's own broker is measured). A
 * build is a checkout of this repository, given as NAME=DIR, with consume flags of its own
 * after the directory ("NAME=DIR --ack-every 100"); `amqplib` runs bench/amqplib_consumer.mjs.
 *
 *   deno run -A bench/consume_cost.ts --build before=/tmp/before --build after=. \
 *     [--count 200000] [--rounds 2] [--amqplib] [--url amqp://…]
 */
import { Command, Option } from "commander";
import { formatInteger } from "../lib/shared/mod.ts";
import { integer } from "../scripts/_cli/flags.ts";
import { measure, roundOrder } from "../scripts/bench_compare.ts";
import { brokerCpuSeconds } from "./broker_cpu.ts";
import { managementEndpoint, parseAmqpUrl } from "../lib/config.ts";
import { ManagementClient } from "../lib/management/mod.ts";
import { managementUrlFor } from "../scripts/_cli/connection_flags.ts";
import { CLI_MANAGEMENT_HINTS } from "../scripts/_cli/hints.ts";

const root = new URL("../", import.meta.url).pathname;

const program = new Command("consume_cost")
  .addOption(
    new Option("--build <name=dir>", "a checkout to measure (repeatable)")
      .argParser((value: string, all: string[] = []) => [...all, value]),
  )
  .option("--amqplib", "also measure the amqplib consumer", false)
  .addOption(new Option("--count <n>").argParser(integer({ min: 1 })).default(200_000))
  .addOption(new Option("--rounds <n>").argParser(integer({ min: 1, max: 20 })).default(2))
  .option("--url <url>", "the broker", "amqp://guest:guest@127.0.0.1:5672/%2F")
  .parse(["deno", "consume_cost", ...Deno.args]);
const flags = program.opts<
  { build?: string[]; amqplib: boolean; count: number; rounds: number; url: string }
>();

/** One consumer to measure: how to start it on a queue. */
interface Contender {
  name: string;
  command: (queue: string) => [string, string[]];
}

const contenders: Contender[] = (flags.build ?? [`this=${root}`]).map((spec) => {
  const [name, rest] = [spec.slice(0, spec.indexOf("=")), spec.slice(spec.indexOf("=") + 1)];
  const [dir, ...extra] = rest.split(" ").filter(Boolean);
  return {
    name,
    command: (queue) => [Deno.execPath(), [
      ...["run", "-A", `${dir}/scripts/consume.ts`, "--url", flags.url],
      ...["--queue", queue, "--expect", String(flags.count), "--json", ...extra],
    ]],
  };
});
if (flags.amqplib) {
  contenders.push({
    name: "amqplib",
    command: (queue) => [
      "node",
      [`${root}/bench/amqplib_consumer.mjs`, flags.url, queue, String(flags.count)],
    ],
  });
}

/** Fills `queue` with `count` persistent messages of ours (this checkout's produce). */
async function fill(queue: string): Promise<void> {
  await measure([Deno.execPath(), [
    ...["run", "-A", "scripts/produce.ts", "--url", flags.url, "--exchange", ""],
    ...["--queue", queue, "--count", String(flags.count), "--durable", "--json"],
  ]], false);
}

/** The broker's management API, to delete this run's queues. */
const amqp = parseAmqpUrl(flags.url);
const api = new ManagementClient(
  managementEndpoint(amqp, managementUrlFor(amqp)),
  CLI_MANAGEMENT_HINTS,
);

const tag = crypto.randomUUID().slice(0, 8);
console.log(`${formatInteger(flags.count)} persistent messages of ours, consumed by each build`);
console.log("| round | build | consume msg/s | CPU µs/msg | broker CPU µs/msg | peak RSS MB |");
console.log("| ----: | ----- | ------------: | ---------: | ----------------: | ----------: |");
for (let round = 1; round <= flags.rounds; round++) {
  for (const contender of roundOrder(contenders, round)) {
    const queue = `consume_cost.${tag}.${round}.${contender.name}`;
    try {
      await fill(queue);
      const [cmd, args] = contender.command(queue);
      const brokerBefore = await brokerCpuSeconds();
      const { result, cpuSeconds, rssMb } = await measure([cmd, args], true);
      const brokerAfter = await brokerCpuSeconds();
      const perMessage = (seconds: number | null | undefined) =>
        seconds === null || seconds === undefined ? "?" : (seconds * 1e6 / flags.count).toFixed(1);
      const broker = brokerAfter === undefined ? undefined : brokerAfter - brokerBefore!;
      console.log(
        `| ${round} | ${contender.name} | ${formatInteger(Math.round(result.rate))} | ${
          perMessage(cpuSeconds)
        } | ${perMessage(broker)} | ${rssMb ?? "?"} |`,
      );
    } finally {
      await api.deleteQueue(queue);
    }
  }
}
