/**
 * Runs before the test suite (`deno task test`): checks what the tests need and arranges what it
 * safely can, so a missing piece is one line naming it and the command that provides it, not
 * dozens of failures.
 *
 * - a broker at AMQP_URL: when none answers at this machine's port 5672, one is started as
 *   `deno task start` would;
 * - its management API at MANAGEMENT_URL: enabled on a broker of this machine when it is off;
 * - rabbitmq-server installed here (the fault tests start private nodes of their own);
 * - Chromium (browser tests), python3 with pika (tests with another client) and tmux (the status
 *   view in a real terminal): installed with apt-get when running as root, where apt-get exists.
 */
import { isListening, run, startLocalBroker, waitForListening } from "../lib/local_broker/mod.ts";
import { managementEndpoint, parseAmqpUrl } from "../lib/config.ts";
import { connect } from "../lib/amqp/mod.ts";
import { CHROMIUM } from "./browser.ts";
import { AMQP_URL, MANAGEMENT_URL } from "./helpers.ts";

const PROJECT_DIR = new URL("..", import.meta.url).pathname;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);
/** Where Debian's python3-pika installs (Debian's own python, whatever else is on PATH). */
const PYTHON = "/usr/bin/python3";

/** One need: `check` says what is missing (undefined when all is well). */
interface Need {
  name: string;
  check: () => Promise<string | undefined>;
}

const amqp = parseAmqpUrl(AMQP_URL, "AMQP_URL");
const isLocalBroker = LOCAL_HOSTS.has(amqp.host);

/** Whether this process may install Debian packages. */
async function canInstall(): Promise<boolean> {
  return Deno.uid() === 0 && (await run("apt-get", ["--version"]))?.success === true;
}

/** Installs Debian packages (apt-get update first), saying so; the error line, or undefined. */
async function aptInstall(packages: string[]): Promise<string | undefined> {
  console.error(`preflight: installing ${packages.join(" ")} with apt-get...`);
  await run("apt-get", ["update", "-qq"]);
  const out = await run("apt-get", ["install", "-y", "-qq", ...packages]);
  return out?.success ? undefined : out?.output.trim().split("\n").pop();
}

async function brokerAnswers(): Promise<string | undefined> {
  if (!(await isListening(amqp.host, amqp.port))) {
    if (!isLocalBroker || amqp.port !== 5672) {
      return `no broker answers at ${amqp.display}: start one there, or set AMQP_URL`;
    }
    console.error(`preflight: no broker at ${amqp.display}; starting one on this machine...`);
    const started = await startLocalBroker(PROJECT_DIR);
    if (!started.started || !(await waitForListening(amqp.host, amqp.port, 90_000))) {
      return `no broker answers at ${amqp.display} and none could be started here: ` +
        "apt-get install rabbitmq-server (or docker compose up -d), then run the tests again";
    }
  }
  try {
    const { client } = await connect({
      endpoints: [amqp],
      name: "preflight",
      connectTimeoutMs: 30_000,
    });
    await client.close();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function managementAnswers(): Promise<string | undefined> {
  const endpoint = managementEndpoint(amqp, MANAGEMENT_URL);
  const probe = async () => {
    try {
      const response = await fetch(`${endpoint.baseUrls[0]}/api/overview`, {
        headers: { authorization: `Basic ${btoa(`${endpoint.username}:${endpoint.password}`)}` },
        signal: AbortSignal.timeout(5_000),
      });
      await response.body?.cancel();
      return response.status;
    } catch {
      return 0; // nothing answers
    }
  };
  let status = await probe();
  const local = LOCAL_HOSTS.has(new URL(endpoint.baseUrls[0]).hostname);
  if (status === 0 && isLocalBroker && local && await pluginDisabled()) {
    console.error("preflight: the management API does not answer; enabling rabbitmq_management...");
    await run("rabbitmq-plugins", ["enable", "rabbitmq_management"]);
    const deadline = Date.now() + 60_000;
    while ((status = await probe()) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  if (status === 200) return undefined;
  if (status === 401) {
    return `the management API at ${
      endpoint.baseUrls[0]
    } refuses ${endpoint.username}'s credentials: set MANAGEMENT_URL`;
  }
  return `the management API does not answer at ${endpoint.baseUrls[0]}: ` +
    "rabbitmq-plugins enable rabbitmq_management (on the broker), or set MANAGEMENT_URL";
}

/** Whether `command` is a file in one of PATH's folders (without running it). */
async function onPath(command: string): Promise<boolean> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir && await Deno.stat(`${dir}/${command}`).then(() => true, () => false)) return true;
  }
  return false;
}

/** Whether this machine's broker says its management plugin is off. */
async function pluginDisabled(): Promise<boolean> {
  const listed = await run("rabbitmq-plugins", ["list", "--enabled", "--minimal"]);
  return listed?.success === true && !listed.output.includes("rabbitmq_management");
}

async function rabbitmqInstalled(): Promise<string | undefined> {
  // Found, not run: rabbitmq-server has no --help and would try to boot a node.
  if (await onPath("rabbitmq-server")) return undefined;
  if (await canInstall()) return await aptInstall(["rabbitmq-server"]);
  return "rabbitmq-server is not installed here (the fault tests start private nodes): " +
    "sudo apt-get install rabbitmq-server";
}

async function chromiumInstalled(): Promise<string | undefined> {
  const present = () => Deno.stat(CHROMIUM).then(() => true, () => false);
  if (await present()) return undefined;
  if (await canInstall() && CHROMIUM === "/usr/bin/chromium") {
    const failed = await aptInstall(["chromium"]);
    if (!failed && await present()) return undefined;
  }
  return `Chromium is missing at ${CHROMIUM} (browser tests): sudo apt-get install chromium, ` +
    "or set CHROMIUM_PATH";
}

async function pikaInstalled(): Promise<string | undefined> {
  const hasPika = async () => (await run(PYTHON, ["-c", "import pika"]))?.success === true;
  if (await hasPika()) return undefined;
  if (await canInstall()) {
    const failed = await aptInstall(["python3-pika"]);
    if (!failed && await hasPika()) return undefined;
  }
  return `python3's pika is missing at ${PYTHON} (tests with another client): ` +
    "sudo apt-get install python3-pika";
}

async function tmuxInstalled(): Promise<string | undefined> {
  const hasTmux = async () => (await run("tmux", ["-V"]))?.success === true;
  if (await hasTmux()) return undefined;
  if (await canInstall()) {
    const failed = await aptInstall(["tmux"]);
    if (!failed && await hasTmux()) return undefined;
  }
  return "tmux is missing (the status view's tests run it in a real terminal): sudo apt-get install tmux";
}

const NEEDS: Need[] = [
  { name: "broker", check: brokerAnswers },
  { name: "management API", check: managementAnswers },
  { name: "rabbitmq-server", check: rabbitmqInstalled },
  { name: "Chromium", check: chromiumInstalled },
  { name: "pika", check: pikaInstalled },
  { name: "tmux", check: tmuxInstalled },
];

if (import.meta.main) {
  const missing: string[] = [];
  for (const need of NEEDS) {
    const problem = await need.check();
    if (problem) missing.push(`preflight: ${need.name}: ${problem}`);
  }
  for (const line of missing) console.error(line);
  Deno.exit(missing.length === 0 ? 0 : 1);
}
