/**
 * What TLS costs: one private node listening for AMQP both plain and over TLS (certificates from
 * a CA made here with openssl); the same persistent messages published with confirms and then
 * consumed with manual acks, over each, alternating the order each round (A-B, B-A), with the
 * rate and this process's CPU per message.
 *
 *   deno run -A bench/tls_cost.ts [--count 100000] [--rounds 2]
 */
import process from "node:process";
import { Command, Option } from "commander";
import { parseAmqpUrls, type TlsSettings } from "../lib/config.ts";
import { connect, declareTopology, deleteQueue } from "../lib/amqp/mod.ts";
import { freePortRange, LocalNode } from "../lib/local_broker/mod.ts";
import { Consumer, EnvelopeTemplate, newRunId, publishMessages } from "../lib/messaging/mod.ts";
import { formatInteger } from "../lib/shared/mod.ts";
import { integer } from "../scripts/_cli/flags.ts";
import { makeTestCertificates } from "../tests/tls_certs.ts";

const program = new Command("tls_cost")
  .addOption(new Option("--count <n>").argParser(integer({ min: 1 })).default(100_000))
  .addOption(new Option("--rounds <n>").argParser(integer({ min: 1, max: 10 })).default(2))
  .parse(["deno", "tls_cost", ...Deno.args]);
const { count, rounds } = program.opts<{ count: number; rounds: number }>();

/** This process's CPU time in microseconds. */
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Publishes `count` persistent messages with confirms, then consumes them all, over `url`. */
async function run(url: string, tls: TlsSettings | undefined, queue: string) {
  const endpoints = parseAmqpUrls(url).map((e) => ({ ...e, tls }));
  const { client } = await connect({ endpoints, name: "tls_cost", connectTimeoutMs: 30_000 });
  try {
    await declareTopology(client, {
      exchange: "",
      exchangeType: "direct",
      routingKey: queue,
      queue,
      auditQueue: "",
      durable: true,
      lazy: false,
      queueType: "classic",
      priority: false,
    });
    let cpu0 = cpu();
    const published = await publishMessages(client, {
      exchange: "",
      routingKey: queue,
      count,
      body: new TextEncoder().encode("tls cost"),
      properties: new EnvelopeTemplate({
        producerId: "tls_cost",
        host: Deno.hostname(),
        runId: newRunId(),
        contentType: "text/plain",
        persistent: true,
      }),
      confirmWindow: 5_000,
      rate: 0,
    });
    const publishCpu = (cpu() - cpu0) / count;
    cpu0 = cpu();
    const consumed = await new Consumer(client, {
      queue,
      prefetch: 1_000,
      ackEvery: 100,
      expect: count,
      maxRetries: 0,
      handler: () => {},
    }).run();
    const consumeCpu = (cpu() - cpu0) / count;
    await deleteQueue(client, queue);
    return { publish: published.rate, publishCpu, consume: consumed.rate, consumeCpu };
  } finally {
    await client.close();
  }
}

const certs = await makeTestCertificates();
const dir = await Deno.makeTempDir({ prefix: "tls-cost-" });
const node = await LocalNode.create({
  nodeName: `tls-cost-${crypto.randomUUID().slice(0, 8)}@localhost`,
  dir,
  amqpPort: freePortRange(1),
  distPort: freePortRange(1),
  tls: {
    caFile: certs.caFile,
    certFile: certs.serverCertFile,
    keyFile: certs.serverKeyFile,
    requireClientCert: false,
    plainPort: freePortRange(1),
  },
});
try {
  await node.start();
  const tls = { caCerts: [await Deno.readTextFile(certs.caFile)] };
  const ways = {
    plain: () =>
      run(
        `amqp://guest:guest@127.0.0.1:${node.options.tls!.plainPort}`,
        undefined,
        "tls_cost.plain",
      ),
    tls: () => run(node.amqpUrl, tls, "tls_cost.tls"),
  };
  console.log(
    `${formatInteger(count)} persistent messages, published with confirms, then consumed`,
  );
  console.log("| round | way   | publish msg/s | CPU us/msg | consume msg/s | CPU us/msg |");
  console.log("| ----- | ----- | ------------- | ---------- | ------------- | ---------- |");
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? ["plain", "tls"] as const : ["tls", "plain"] as const;
    for (const way of order) {
      const r = await ways[way]();
      console.log(
        `| ${round}     | ${way.padEnd(5)} | ${
          formatInteger(Math.round(r.publish)).padStart(13)
        } | ${r.publishCpu.toFixed(1).padStart(10)} | ${
          formatInteger(Math.round(r.consume)).padStart(13)
        } | ${r.consumeCpu.toFixed(1).padStart(10)} |`,
      );
    }
  }
} finally {
  await node.kill().catch(() => {});
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.remove(certs.dir, { recursive: true }).catch(() => {});
}
