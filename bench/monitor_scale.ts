/**
 * The monitor at operator scale: creates N queues in a virtual host of its own, then measures,
 * over the same number of seconds each, what the broker spends (CPU from /proc, as a share of
 * one core) with nothing watching it, with the management UI's request pattern (the overview
 * and one page of 100 queues every 5 s), and with `deno task monitor` serving 0, 1 and 10
 * viewers of the overview; besides the monitor's own CPU and memory, the bytes each viewer
 * receives per second, and the size of each page. The broker must run on this machine.
 *
 *   deno run -A bench/monitor_scale.ts [--queues 1000,10000] [--seconds 30] [--url amqp://…]
 *     [--monitor scripts/monitor.ts]   (another checkout's monitor, to compare)
 */
import { Command, Option } from "commander";
import { AMQPClient } from "@cloudamqp/amqp-client";
import { inVhost, managementEndpoint, parseAmqpUrl } from "../lib/config.ts";
import { managementUrlFor } from "../scripts/_cli/connection_flags.ts";
import { integer } from "../scripts/_cli/flags.ts";
import { sleep } from "../lib/_util/mod.ts";

interface Flags {
  queues: number[];
  seconds: number;
  url: string;
  monitor: string;
  json: boolean;
}

function parseFlags(argv: string[]): Flags {
  return new Command("monitor_scale")
    .addOption(
      new Option("--queues <list>", "queue counts, comma-separated").default([1_000, 10_000])
        .argParser((v) => v.split(",").map((n) => integer({ min: 1, max: 100_000 })(n))),
    )
    .addOption(
      new Option("--seconds <n>", "length of each measurement").argParser(integer({ min: 5 }))
        .default(30),
    )
    .option("--url <url>", "AMQP URL of the broker", "amqp://guest:guest@127.0.0.1:5672")
    .option("--monitor <path>", "the monitor script to run", "scripts/monitor.ts")
    .option("--json", "print one JSON object", false)
    .parse(argv, { from: "user" }).opts() as Flags;
}

/** Seconds of CPU (user + system) a process has used, from /proc. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process, in MB. */
async function rssMb(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** The process listening on a TCP port of this machine (the broker), from `ss`. */
async function listeningPid(port: number): Promise<number> {
  const out = await new Deno.Command("ss", { args: ["-ltnpH", `sport = :${port}`] }).output();
  const pid = /pid=(\d+)/.exec(new TextDecoder().decode(out.stdout))?.[1];
  if (!pid) {
    throw new Error(`nothing of this machine listens on port ${port}: run it beside the broker`);
  }
  return Number(pid);
}

/** The management API's answer, as the bench's user. */
function api(base: string, auth: string) {
  return async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}/api/${path}`, {
      ...init,
      headers: { authorization: auth, "content-type": "application/json" },
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text}`);
    }
    return text;
  };
}

/** Declares `count` durable queues over 8 channels at once; a few hold messages. */
async function declareQueues(url: string, count: number): Promise<void> {
  const conn = new AMQPClient(url);
  await conn.connect();
  const lanes = 8;
  await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    const ch = await conn.channel();
    for (let i = lane; i < count; i += lanes) {
      const name = `scale.q${String(i).padStart(5, "0")}`;
      await ch.queueDeclare(name, { durable: true });
      if (i % 50 === 0) await ch.basicPublish("", name, "x".repeat(100));
    }
  }));
  await conn.close();
}

/** Broker CPU (share of one core) over `seconds`, while `during` runs; with the monitor's too. */
async function measure(
  pids: { broker: number; monitor?: number },
  seconds: number,
  during: (signal: AbortSignal) => Promise<unknown> = () => Promise.resolve(),
) {
  const stop = new AbortController();
  const t0 = performance.now();
  const [b0, m0] = [
    await cpuSeconds(pids.broker),
    pids.monitor ? await cpuSeconds(pids.monitor) : 0,
  ];
  const work = during(stop.signal);
  await sleep(seconds * 1000);
  stop.abort();
  await work.catch(() => {});
  const wall = (performance.now() - t0) / 1000;
  const [b1, m1] = [
    await cpuSeconds(pids.broker),
    pids.monitor ? await cpuSeconds(pids.monitor) : 0,
  ];
  return {
    broker: (b1 - b0) / wall,
    monitor: pids.monitor ? (m1 - m0) / wall : undefined,
    monitorRssMb: pids.monitor ? await rssMb(pids.monitor) : undefined,
    wall,
  };
}

/** The management UI's pattern: the overview and one page of 100 queues every 5 s. */
async function managementUi(get: ReturnType<typeof api>, vhost: string, signal: AbortSignal) {
  const v = encodeURIComponent(vhost);
  while (!signal.aborted) {
    await Promise.all([
      get("overview?lengths_age=60&lengths_incr=5&msg_rates_age=60&msg_rates_incr=5"),
      get(`queues/${v}?page=1&page_size=100&name=&use_regex=false&pagination=true`),
    ]);
    for (let waited = 0; waited < 5_000 && !signal.aborted; waited += 250) await sleep(250);
  }
}

/** `viewers` SSE readers of the overview's stream; resolves to the bytes each received. */
async function viewers(monitorUrl: string, count: number, signal: AbortSignal): Promise<number[]> {
  return await Promise.all(Array.from({ length: count }, async () => {
    let bytes = 0;
    try {
      const response = await fetch(`${monitorUrl}/api/stream?view=page`, { signal });
      for await (const chunk of response.body!) bytes += chunk.length;
    } catch {
      // aborted: the measurement is over
    }
    return bytes;
  }));
}

async function startMonitor(script: string, url: string, port: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, "--url", url, "--port", String(port), "--interval", "2"],
    env: { MANAGEMENT_URL: "" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/open (http\S+)/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the monitor ended: ${seen}`);
    seen += value;
  }
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  return { child, url: /open (http\S+)/.exec(seen)![1] };
}

async function sizeOf(url: string): Promise<{ bytes: number; ms: number }> {
  const t = performance.now();
  const body = await (await fetch(url)).arrayBuffer();
  return { bytes: body.byteLength, ms: Math.round(performance.now() - t) };
}

async function run(flags: Flags, count: number) {
  const amqp = parseAmqpUrl(flags.url);
  const management = managementEndpoint(amqp, managementUrlFor(amqp));
  const auth = `Basic ${btoa(`${management.username}:${management.password}`)}`;
  const get = api(management.baseUrls[0], auth);
  const vhost = `monitor-scale-${crypto.randomUUID().slice(0, 6)}`;
  const v = encodeURIComponent(vhost);
  await get(`vhosts/${v}`, { method: "PUT" });
  try {
    await get(`permissions/${v}/${encodeURIComponent(management.username)}`, {
      method: "PUT",
      body: JSON.stringify({ configure: ".*", write: ".*", read: ".*" }),
    });
    const url = inVhost(amqp, vhost).url.replace(
      "amqp://",
      `amqp://${amqp.username}:${amqp.password}@`,
    );
    await declareQueues(url, count);
    while (JSON.parse(await get(`queues/${v}?pagination=true&page_size=1`)).total_count < count) {
      await sleep(500);
    }
    const broker = await listeningPid(amqp.port);
    const s = flags.seconds;
    const rows: Record<string, unknown>[] = [];
    const row = (what: string, m: Awaited<ReturnType<typeof measure>>, extra = {}) =>
      rows.push({
        what,
        broker_cpu: m.broker,
        monitor_cpu: m.monitor,
        monitor_rss_mb: m.monitorRssMb,
        ...extra,
      });
    row("nothing watching", await measure({ broker }, s));
    row(
      "management UI pattern",
      await measure({ broker }, s, (sig) => managementUi(get, vhost, sig)),
    );
    const port = 18_000 + Math.floor(Math.random() * 1_000);
    const monitor = await startMonitor(flags.monitor, url, port);
    try {
      const pids = { broker, monitor: monitor.child.pid };
      // Its first polls, then the few intervals after which a monitor nobody watches rests.
      await sizeOf(`${monitor.url}/api/overview`);
      await sleep(10_000);
      row("monitor, no viewer", await measure(pids, s));
      for (const n of [1, 10]) {
        let bytes: number[] = [];
        const m = await measure(
          pids,
          s,
          async (sig) => (bytes = await viewers(monitor.url, n, sig)),
        );
        row(`monitor, ${n} viewer${n > 1 ? "s" : ""} (overview)`, m, {
          kb_per_viewer_s: Math.round(Math.max(...bytes) / m.wall / 102.4) / 10,
        });
      }
      const pages = {
        overview: await sizeOf(`${monitor.url}/`),
        queue_page: await sizeOf(`${monitor.url}/queues/scale.q00050`),
        api_overview: await sizeOf(`${monitor.url}/api/overview`),
        metrics: await sizeOf(`${monitor.url}/metrics`),
      };
      return { queues: count, seconds: s, rows, pages };
    } finally {
      monitor.child.kill("SIGTERM");
      await monitor.child.status;
    }
  } finally {
    await get(`vhosts/${v}`, { method: "DELETE" }).catch(() => {});
  }
}

function print(result: Awaited<ReturnType<typeof run>>): void {
  const pct = (n: unknown) => typeof n === "number" ? `${(n * 100).toFixed(1)}%` : "—";
  console.log(`\n${result.queues} queues, ${result.seconds} s each`);
  console.log("| | broker CPU | monitor CPU | monitor RSS | KB/s per viewer |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of result.rows) {
    console.log(
      `| ${r.what} | ${pct(r.broker_cpu)} | ${pct(r.monitor_cpu)} | ${r.monitor_rss_mb ?? "—"}${
        r.monitor_rss_mb ? " MB" : ""
      } | ${r.kb_per_viewer_s ?? "—"} |`,
    );
  }
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  console.log(
    Object.entries(result.pages).map(([page, s]) => `${page} ${kb(s.bytes)} (${s.ms} ms)`).join(
      ", ",
    ),
  );
}

if (import.meta.main) {
  const flags = parseFlags(Deno.args);
  const results = [];
  for (const count of flags.queues) {
    const result = await run(flags, count);
    results.push(result);
    if (!flags.json) print(result);
  }
  if (flags.json) console.log(JSON.stringify(results));
}
