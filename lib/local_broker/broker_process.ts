import { sleep } from "../_util/mod.ts";
/**
 * Finding a broker, or starting one on this machine: `docker compose` where a Docker engine
 * runs, else a locally installed `rabbitmq-server`.
 */

/**
 * Whether something accepts TCP connections at host:port within `timeoutMs`.
 *
 * @example
 * ```ts
 * await isListening("localhost", 5672); // true when a broker runs
 * ```
 */
export async function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  const attempt = Deno.connect({ hostname: host, port }).then((conn) => {
    conn.close();
    return true;
  }, () => false);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs));
  return await Promise.race([attempt, timeout]);
}

/** Polls until host:port accepts connections; false when `timeoutMs` passes first. */
export async function waitForListening(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isListening(host, port)) return true;
    await sleep(500);
  }
  return false;
}

/** Runs a command quietly; its exit status and output, or `undefined` when it cannot run. */
export async function run(
  cmd: string,
  args: string[],
): Promise<{ success: boolean; output: string } | undefined> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    })
      .output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { success: out.success, output: decode(out.stdout) + decode(out.stderr) };
  } catch {
    return undefined; // not installed, or not allowed to run
  }
}

/** Where a local RabbitMQ reads extra configuration files. */
const CONF_D = "/etc/rabbitmq/conf.d";

/**
 * Copies `config/rabbitmq-live-stats.conf` (statistics every second) into RabbitMQ's conf.d,
 * where allowed; without it the broker still runs, with slower statistics.
 */
export async function installLiveStatsConfig(projectDir: string): Promise<boolean> {
  try {
    const text = await Deno.readTextFile(`${projectDir}/config/rabbitmq-live-stats.conf`);
    await Deno.mkdir(CONF_D, { recursive: true });
    await Deno.writeTextFile(`${CONF_D}/50-live-stats.conf`, text);
    return true;
  } catch {
    return false;
  }
}

/** How a broker was started, or why none could be. */
export type StartOutcome =
  | { started: true; how: string }
  | { started: false; tried: string[] };

/**
 * Starts a local broker: `docker compose up -d --wait` when a Docker engine answers, else
 * `rabbitmq-server -detached` (with the management plugin enabled) when it is installed.
 */
export async function startLocalBroker(composeDir: string): Promise<StartOutcome> {
  const tried: string[] = [];
  const docker = await run("docker", ["info", "--format", "{{.ServerVersion}}"]);
  if (docker?.success) {
    const up = await run("docker", [
      "compose",
      "--project-directory",
      composeDir,
      "up",
      "-d",
      "--wait",
    ]);
    if (up?.success) return { started: true, how: "docker compose up -d" };
    tried.push(`docker compose up failed: ${up?.output.trim().split("\n").pop()}`);
  } else {
    tried.push("no Docker engine is running");
  }
  const plugins = await run("rabbitmq-plugins", ["enable", "--offline", "rabbitmq_management"]);
  if (plugins === undefined) {
    tried.push("rabbitmq-server is not installed");
    return { started: false, tried };
  }
  await installLiveStatsConfig(composeDir);
  const server = await run("rabbitmq-server", ["-detached"]);
  if (server?.success) return { started: true, how: "rabbitmq-server -detached" };
  tried.push(`rabbitmq-server -detached failed: ${server?.output.trim().split("\n").pop()}`);
  return { started: false, tried };
}
