/**
 * Test helpers: unique names on the shared broker, running the scripts as a user would, and
 * cleaning up after each test.
 */
import { SafeAmqpClient } from "../lib/amqp/mod.ts";
import { DEFAULT_MANAGEMENT_URL, managementEndpoint, parseAmqpUrl } from "../lib/config.ts";
import { ManagementClient } from "../lib/management/mod.ts";

/** The broker the tests use (the machine's shared one unless AMQP_URL says otherwise). */
export const AMQP_URL = Deno.env.get("AMQP_URL") ?? "amqp://guest:guest@127.0.0.1:5672";
/** Its management API. */
export const MANAGEMENT_URL = Deno.env.get("MANAGEMENT_URL") ?? DEFAULT_MANAGEMENT_URL;

/** A management client for the vhost of {@linkcode AMQP_URL}. */
export const management = new ManagementClient(
  managementEndpoint(parseAmqpUrl(AMQP_URL), MANAGEMENT_URL),
);

/**
 * Whether the broker under test is `version` (such as "3.13") or newer, by its management
 * API's `rabbitmq_version`.
 */
export async function brokerIsAtLeast(version: string): Promise<boolean> {
  const running = ((await management.overview()).rabbitmq_version ?? "").split(".").map(Number);
  const wanted = version.split(".").map(Number);
  for (let i = 0; i < wanted.length; i++) {
    if ((running[i] ?? 0) !== wanted[i]) return (running[i] ?? 0) > wanted[i];
  }
  return true;
}

/**
 * A virtual host of the test's own on the broker under test, guest allowed in it, deleted with
 * everything in it afterwards.
 */
export async function withTestVhost<T>(
  prefix: string,
  fn: (vhost: { name: string; url: string }) => Promise<T>,
): Promise<T> {
  const name = uniqueName(prefix);
  const path = encodeURIComponent(name);
  const api = async (apiPath: string, method: string, body?: unknown) => {
    const response = await fetch(`${MANAGEMENT_URL}/api/${apiPath}`, {
      method,
      headers: {
        authorization: `Basic ${btoa("guest:guest")}`,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status}`);
  };
  await api(`vhosts/${path}`, "PUT");
  try {
    await api(`permissions/${path}/guest`, "PUT", { configure: ".*", write: ".*", read: ".*" });
    const url = new URL(AMQP_URL);
    url.pathname = `/${path}`;
    return await fn({ name, url: url.href });
  } finally {
    await api(`vhosts/${path}`, "DELETE").catch(() => {}); // its queues and exchanges go with it
  }
}

/** A name no other test or user of the shared broker has. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${crypto.randomUUID().slice(0, 8)}`;
}

/** Queue, audit queue and exchange names for one test, and a way to delete them all. */
export function testTopology(prefix: string) {
  const base = uniqueName(prefix);
  const names = { exchange: `${base}.x`, queue: `${base}.q`, auditQueue: `${base}.audit` };
  return {
    ...names,
    /** The produce flags that use these names. */
    flags: [
      "--exchange",
      names.exchange,
      "--queue",
      names.queue,
      "--audit-queue",
      names.auditQueue,
    ],
    /** Deletes the queues (with the dead-letter pair and retry delay queues) and the exchanges. */
    async cleanup() {
      const retryQueues = (await management.queues())
        .map((q) => q.name).filter((name) => name.startsWith(`${names.queue}.retry.`));
      for (const q of [names.queue, names.auditQueue, `${names.queue}.dlq`, ...retryQueues]) {
        await management.deleteQueue(q);
      }
      for (const x of [names.exchange, `${names.queue}.dlx`]) await management.deleteExchange(x);
    },
  };
}

/** What a finished script printed and how it exited. */
export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

const scriptsDir = new URL("../scripts/", import.meta.url);

/** A script running in the background; its output is read as it comes, so it never blocks. */
export interface RunningScript {
  /** The process id (for /proc/PID/status). */
  pid: number;
  kill(signal: Deno.Signal): void;
  /** What it printed so far, for waits on a log line and for saying what was last seen. */
  output(): { stdout: string; stderr: string };
  done: Promise<ScriptRun>;
}

/** Reads a stream to its end into a string that grows as it comes. */
function collect(
  stream: ReadableStream<Uint8Array>,
): { text: () => string; done: Promise<string> } {
  let text = "";
  const done = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  })();
  return { text: () => text, done };
}

/** Starts a script as a separate process, like `deno task <name> args`. */
export function spawnScript(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): RunningScript {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(`${name}.ts`, scriptsDir).pathname, ...args],
    env: { AMQP_URL, MANAGEMENT_URL, NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const done = Promise.all([child.status, stdout.done, stderr.done]).then((
    [status, out, err],
  ) => ({ code: status.code, stdout: out, stderr: err }));
  return {
    pid: child.pid,
    kill: (signal) => child.kill(signal),
    output: () => ({ stdout: stdout.text(), stderr: stderr.text() }),
    done,
  };
}

/** Runs a script to the end. */
export function runScript(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ScriptRun> {
  return spawnScript(name, args, env).done;
}

/** What a finished script wrote, byte for byte, and how it exited. */
export interface ScriptBytes {
  code: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

/** Runs a script to the end and keeps its output as bytes (nothing decoded or replaced). */
export async function runScriptBytes(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ScriptBytes> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(`${name}.ts`, scriptsDir).pathname, ...args],
    env: { AMQP_URL, MANAGEMENT_URL, NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: out.stdout, stderr: out.stderr };
}

/** Runs `produce` and fails the test, with its stderr, unless it succeeded. */
export async function produceOk(
  args: string[],
  env: Record<string, string> = {},
): Promise<ScriptRun> {
  const run = await runScript("produce", args, env);
  if (run.code !== 0) {
    throw new Error(`produce ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  }
  return run;
}

/** Parses the JSON object a `--json` run prints as its last line on stdout. */
export function jsonOf<T = Record<string, unknown>>(run: ScriptRun): T {
  try {
    return JSON.parse(run.stdout.trimEnd().split("\n").pop() ?? "") as T;
  } catch {
    throw new Error(
      `expected one JSON object on stdout, got:\n${run.stdout}\nstderr:\n${run.stderr}`,
    );
  }
}

/** Sequence numbers of the `--show` lines a consumer printed. */
export function shownSeqs(stdout: string): number[] {
  return [...stdout.matchAll(/^from=\S+ seq=(\d+)/gm)].map((m) => Number(m[1]));
}

/**
 * Polls `probe` until it returns a value other than `undefined`, or fails after `timeoutMs`
 * saying what it last saw: the last error, or what `lastSeen` describes.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  lastSeen?: () => Promise<string> | string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seen = last ?? (lastSeen ? await Promise.resolve(lastSeen()).catch(String) : undefined);
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; last seen: ${seen}` : ""}`,
  );
}

/** Opens an AMQP connection for a test (to `url`, the shared broker by default), always closed. */
export async function withConnection<T>(
  fn: (conn: SafeAmqpClient) => Promise<T>,
  url = AMQP_URL,
): Promise<T> {
  const conn = new SafeAmqpClient(url);
  await conn.connect();
  try {
    return await fn(conn);
  } finally {
    await conn.close().catch(() => {});
  }
}

/** Messages in a queue, read over AMQP (exact at once, unlike the management API's stats). */
export function queueDepth(queue: string, url = AMQP_URL): Promise<number> {
  return withConnection(async (conn) => {
    const ch = await conn.channel();
    return (await ch.queueDeclare(queue, { passive: true })).messageCount;
  }, url);
}

/**
 * Waits until `queue` holds at least `count` messages (or, with `below`, fewer), and returns the
 * depth seen; on timeout says the last depth.
 */
export function depthReaches(
  queue: string,
  count: number,
  options: { below?: boolean; url?: string; timeoutMs?: number } = {},
): Promise<number> {
  const { below = false, url = AMQP_URL, timeoutMs = 120_000 } = options;
  let last = -1;
  return eventually(
    `'${queue}' to hold ${below ? "fewer than" : "at least"} ${count} messages`,
    async () => {
      last = await queueDepth(queue, url);
      return (below ? last < count : last >= count) ? last : undefined;
    },
    timeoutMs,
    () => `${last} messages`,
  );
}
