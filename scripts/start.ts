/**
 * `deno task start`: finds a broker at AMQP_URL (starting one on this machine if none answers),
 * then runs the demo: produce 10,000 durable messages, consume them, print both summaries.
 */
import { DEFAULT_AMQP_URL, env, parseAmqpUrls } from "../lib/config.ts";
import { isListening, startLocalBroker, waitForListening } from "../lib/local_broker/mod.ts";
import { UserError } from "../lib/errors.ts";
import { consume } from "./consume.ts";
import { produce } from "./produce.ts";
import { command, parseFlags, runCli } from "./_cli/flags.ts";

const DEMO_COUNT = 10_000;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

const HOW_TO_GET_A_BROKER =
  "To get one: with Docker, run `docker compose up -d` in this folder (docker-compose.yml starts " +
  "RabbitMQ with the management plugin on ports 5672 and 15672); on Debian or Ubuntu, run " +
  "`sudo apt-get install rabbitmq-server && sudo rabbitmq-plugins enable rabbitmq_management`; " +
  "or point AMQP_URL at a broker you already have (amqp://user:password@host:5672/vhost). " +
  "Then run `deno task start` again.";

async function ensureBroker(url: string): Promise<void> {
  // One node of a cluster answering is enough.
  const endpoints = parseAmqpUrls(url, "AMQP_URL");
  for (const { host, port } of endpoints) if (await isListening(host, port)) return;
  const endpoint = endpoints[0];
  // A broker started here listens on this machine's port 5672: it only helps such a URL.
  if (!LOCAL_HOSTS.has(endpoint.host) || endpoint.port !== 5672) {
    throw new UserError(`no broker answers at ${endpoint.display}. ${HOW_TO_GET_A_BROKER}`);
  }
  console.error(`start: no broker at ${endpoint.display}; starting one on this machine...`);
  const outcome = await startLocalBroker(new URL("..", import.meta.url).pathname);
  if (!outcome.started) {
    throw new UserError(
      `no broker answers at ${endpoint.display} and none could be started here (${
        outcome.tried.join("; ")
      }). ${HOW_TO_GET_A_BROKER}`,
    );
  }
  if (!(await waitForListening(endpoint.host, endpoint.port, 60_000))) {
    throw new UserError(
      `started RabbitMQ with ${outcome.how}, but it did not listen on port ${endpoint.port} within 60s`,
    );
  }
  console.error(`start: RabbitMQ started with ${outcome.how}`);
}

/** `start` takes no flags: it only answers --help, and refuses anything else before it runs. */
export function startCommand() {
  return command(
    "start",
    `Find or start RabbitMQ at AMQP_URL, then produce ${DEMO_COUNT} durable messages into ` +
      "demo.queue (a copy in demo.audit) and consume them. Takes no flags.",
  );
}

async function main(): Promise<number> {
  parseFlags(startCommand(), Deno.args);
  const url = env("AMQP_URL") ?? DEFAULT_AMQP_URL;
  await ensureBroker(url);
  const topology = ["--url", url, "--exchange", "demo.exchange", "--queue", "demo.queue"];
  console.log(
    `Producing ${DEMO_COUNT} durable messages into demo.queue (and a copy in demo.audit)...`,
  );
  const produced = await produce([
    ...topology,
    "--audit-queue",
    "demo.audit",
    "--count",
    String(DEMO_COUNT),
    "--durable",
    "--purge",
  ]);
  if (produced !== 0) return produced;
  console.log(`Consuming them with manual acks...`);
  return await consume(["--url", url, "--queue", "demo.queue", "--expect", String(DEMO_COUNT)]);
}

if (import.meta.main) runCli("start", main);
