/**
 * What each field of the envelope costs: publishes the same persistent messages with confirms
 * into a durable queue, once per property set (the full envelope, then one field group fewer
 * at a time), alternating the order each round, and prints the rate, the client's CPU and the
 * broker's CPU per message. The broker's CPU is read from /proc, so it is measured only when
 * the broker runs on this machine (else "?").
 *
 * With a body of 11 bytes (the default), a message whose properties fit in 64 bytes is
 * much cheaper for the broker than one whose properties do not (BENCHMARKS.md says why);
 * `--size` shows the same rows for a larger body.
 *
 *   deno run -A bench/envelope_cost.ts [--count 100000] [--rounds 2] [--size N] [--url amqp://...]
 */
import process from "node:process";
import { Command, Option } from "commander";
import {
  connect,
  encodeProperties,
  fixedProperties,
  type PropertiesWriter,
  PUBLISHER_FRAME_MAX,
} from "../lib/amqp/mod.ts";
import { parseAmqpUrls } from "../lib/config.ts";
import {
  EnvelopeTemplate,
  type MessageProperties,
  newRunId,
  publishMessages,
  runMessageId,
} from "../lib/messaging/mod.ts";
import { integer } from "../scripts/_cli/flags.ts";
import { roundOrder } from "../scripts/bench_compare.ts";
import { brokerCpuSeconds } from "./broker_cpu.ts";

const RUN_ID = newRunId();
const HOST = Deno.hostname();
const ENVELOPE = {
  producerId: "envelope-cost",
  host: HOST,
  runId: RUN_ID,
  contentType: "text/plain",
  persistent: true,
};
const BASE: MessageProperties = { contentType: "text/plain", deliveryMode: 2 };
const ID_AND_TIME = {
  messageId: runMessageId({ sentAtMs: Date.now(), runId: RUN_ID, seq: 2 ** 31 }),
  timestamp: new Date(),
};

/** The property sets, from the whole envelope down to the delivery mode alone. */
const VARIANTS: { name: string; properties: () => PropertiesWriter }[] = [
  {
    name: "envelope (template, fields written per message)",
    properties: () => new EnvelopeTemplate(ENVELOPE),
  },
  {
    name: "earlier envelope: seq and run_id headers, a UUIDv7 (fixed bytes)",
    properties: () =>
      fixedProperties(encodeProperties({
        ...BASE,
        messageId: "018bcfe5-687b-7c3e-9d2a-4f1b2c3d4e5f", // a UUIDv7
        timestamp: ID_AND_TIME.timestamp,
        headers: {
          producer_id: ENVELOPE.producerId,
          host: HOST,
          seq: 2 ** 40,
          run_id: crypto.randomUUID(),
        },
      })),
  },
  {
    name: "envelope (the same bytes every message)",
    properties: () =>
      fixedProperties(encodeProperties({
        ...BASE,
        ...ID_AND_TIME,
        headers: { producer_id: ENVELOPE.producerId, host: HOST },
      })),
  },
  {
    name: "without headers",
    properties: () => fixedProperties(encodeProperties({ ...BASE, ...ID_AND_TIME })),
  },
  {
    name: "without message_id and timestamp",
    properties: () => fixedProperties(encodeProperties(BASE)),
  },
  {
    name: "delivery_mode only",
    properties: () => fixedProperties(encodeProperties({ deliveryMode: 2 })),
  },
];

function clientCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function measure(
  url: string,
  count: number,
  body: Uint8Array,
  variant: (typeof VARIANTS)[number],
) {
  const { client: conn } = await connect({
    endpoints: parseAmqpUrls(url, "--url"),
    name: "envelope-cost",
    frameMax: PUBLISHER_FRAME_MAX,
    connectTimeoutMs: 10_000,
  });
  const queue = `envelope-cost.${crypto.randomUUID().slice(0, 8)}`;
  const ch = await conn.channel();
  await ch.queueDeclare(queue, { durable: true });
  try {
    const [client0, broker0] = [clientCpuSeconds(), await brokerCpuSeconds()];
    const result = await publishMessages(conn, {
      exchange: "",
      routingKey: queue,
      count,
      body,
      properties: variant.properties(),
      confirmWindow: 2_000,
      rate: 0,
    });
    const [client1, broker1] = [clientCpuSeconds(), await brokerCpuSeconds()];
    const perMessage = (seconds: number) => (seconds * 1e6 / count).toFixed(1);
    return {
      rate: Math.round(result.rate),
      clientUs: perMessage(client1 - client0),
      brokerUs: broker0 === undefined || broker1 === undefined
        ? "?"
        : perMessage(broker1 - broker0),
    };
  } finally {
    await ch.queueDelete(queue);
    await conn.close();
  }
}

const flags = new Command("envelope_cost")
  .addOption(new Option("--count <n>").argParser(integer({ min: 1 })).default(100_000))
  .addOption(new Option("--rounds <n>").argParser(integer({ min: 1 })).default(2))
  .addOption(
    new Option("--size <bytes>", "a body of this many bytes instead of 'Hello World'")
      .argParser(integer({ min: 0, max: 16 * 1024 * 1024 })),
  )
  .option(
    "--url <url>",
    "AMQP URL",
    Deno.env.get("AMQP_URL") ?? "amqp://guest:guest@127.0.0.1:5672",
  )
  .parse(["deno", "envelope_cost", ...Deno.args]).opts<
  { count: number; rounds: number; size?: number; url: string }
>();

const body = flags.size === undefined
  ? new TextEncoder().encode("Hello World")
  : new Uint8Array(flags.size).fill(0x78);
console.log(
  "| round | properties | bytes | publish msg/s | client CPU µs/msg | broker CPU µs/msg |",
);
console.log("| ---: | --- | ---: | ---: | ---: | ---: |");
for (let round = 1; round <= flags.rounds; round++) {
  for (const variant of roundOrder(VARIANTS, round)) {
    const m = await measure(flags.url, flags.count, body, variant);
    const bytes = variant.properties().length;
    console.log(
      `| ${round} | ${variant.name} | ${bytes} | ${m.rate} | ${m.clientUs} | ${m.brokerUs} |`,
    );
  }
}
