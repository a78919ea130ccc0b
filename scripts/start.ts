/**
 * `deno task start`: finds a broker at `--url` / AMQP_URL (starting one on this machine if none
 * answers), then runs the demo: produce 10,000 durable messages, consume them, print both
 * summaries. It empties demo.queue and demo.audit first only when what they hold is an earlier
 * demo's from this machine (or with --yes): on a shared broker they may be someone else's.
 */
import { connect, inspectQueue } from "../lib/amqp/mod.ts";
import { isListening, startLocalBroker, waitForListening } from "../lib/local_broker/mod.ts";
import { peekMessages } from "../lib/queue_actions/mod.ts";
import { UserError } from "../lib/errors.ts";
import { formatInteger } from "../lib/shared/mod.ts";
import { consume } from "./consume.ts";
import { produce } from "./produce.ts";
import { asFlagError, command, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { CLI_CONNECT_HINTS } from "./_cli/hints.ts";

const DEMO_COUNT = 10_000;
const DEMO_QUEUES = ["demo.queue", "demo.audit"];
/** The demo's producer id: messages it finds with it are an earlier demo's from this machine. */
const DEMO_PRODUCER = `demo@${Deno.hostname()}`;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

const HOW_TO_GET_A_BROKER =
  "To get one: with Docker, run `docker compose up -d` in this folder (docker-compose.yml starts " +
  "RabbitMQ with the management plugin on ports 5672 and 15672); on Debian or Ubuntu, run " +
  "`sudo apt-get install rabbitmq-server && sudo rabbitmq-plugins enable rabbitmq_management`; " +
  "or point --url (or AMQP_URL) at a broker you already have (amqp://user:password@host:5672/vhost). " +
  "Then run `deno task start` again.";

async function ensureBroker(endpoints: BrokerConnection["amqp"]): Promise<void> {
  // One node of a cluster answering is enough.
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

/** Parsed flags of `start`. */
export interface StartFlags extends ConnectionFlagValues {
  yes: boolean;
}

/** Builds the `start` command line. */
export function startCommand() {
  const program = command(
    "start",
    `Find or start RabbitMQ at --url, then produce ${DEMO_COUNT} durable messages into ` +
      "demo.queue (a copy in demo.audit) and consume them.",
  );
  return addConnectionFlags(program, {})
    .option(
      "--yes",
      "empty demo.queue and demo.audit even when they hold messages another producer sent",
      false,
    );
}

/**
 * Why demo.queue and demo.audit may not be emptied, or undefined: one holds messages whose
 * head another producer sent (a colleague's demo on a shared broker).
 */
async function foreignDemoMessages(broker: BrokerConnection): Promise<string | undefined> {
  const { client } = await connect({
    endpoints: broker.amqp,
    name: "start (checking the demo queues)",
    connectTimeoutMs: 30_000,
    hints: CLI_CONNECT_HINTS,
  });
  try {
    for (const queue of DEMO_QUEUES) {
      const depth = (await inspectQueue(client, queue))?.messageCount ?? 0;
      if (depth === 0) continue;
      const [head] = await peekMessages(client, queue, { count: 1, maxBodyBytes: 0 });
      if (head && head.producerId !== DEMO_PRODUCER) {
        // Another client's producer_id header names who, even without our envelope.
        const named = head.producerId || head.headers.producer_id;
        const from = typeof named === "string" && named ? `'${named}'` : "another client";
        const messages = `${formatInteger(depth)} message${depth === 1 ? "" : "s"}`;
        return `${queue} holds ${messages} from ${from}, not from this ` +
          "machine's demo: run with --yes to empty demo.queue and demo.audit first, or give " +
          "--url a broker of your own";
      }
    }
    return undefined;
  } finally {
    await client.close().catch(() => {});
  }
}

async function main(): Promise<number> {
  const flags = parseFlags<StartFlags>(startCommand(), Deno.args);
  const broker = asFlagError(() => resolveConnection(flags));
  const [endpoint] = broker.amqp;
  await ensureBroker(broker.amqp);
  console.error(`start: using RabbitMQ at ${endpoint.display} (vhost '${endpoint.vhost}')`);
  const foreign = flags.yes ? undefined : await foreignDemoMessages(broker);
  if (foreign) throw new UserError(foreign);
  // produce and consume get the same broker, spelled as the user gave it.
  const connection = ["--url", flags.url, "--management-url", broker.management.baseUrls.join(",")];
  const topology = [...connection, "--exchange", "demo.exchange", "--queue", "demo.queue"];
  console.log(
    `Producing ${DEMO_COUNT} durable messages into demo.queue (and a copy in demo.audit)...`,
  );
  const produced = await produce([
    ...topology,
    "--audit-queue",
    "demo.audit",
    "--count",
    String(DEMO_COUNT),
    "--producer-id",
    DEMO_PRODUCER,
    "--durable",
    "--purge",
  ]);
  if (produced !== 0) return produced;
  console.log(`Consuming them with manual acks...`);
  return await consume([...connection, "--queue", "demo.queue", "--expect", String(DEMO_COUNT)]);
}

if (import.meta.main) runCli("start", main);
