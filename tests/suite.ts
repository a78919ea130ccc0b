/**
 * `deno task test`: the whole suite once per broker version, RabbitMQ 4.3 first, then this
 * machine's own RabbitMQ. Before each run `tests/preflight.ts` checks (and arranges) what the
 * tests need; after each, one line `RabbitMQ <version>: N passed, N failed`; at the end
 * `tests: N passed, N failed` over all runs.
 *
 * - `AMQP_URL` (and `MANAGEMENT_URL`) set: only that broker.
 * - `TEST_BROKERS=4.3` or `TEST_BROKERS=local`: only that one.
 * - Arguments are handed to `deno test` (test files, `--filter NAME`); without any, the first
 *   broker runs every test and each later one the files whose outcome depends on the version
 *   (`tests/version_dependent.ts`).
 *
 * At the end it prints the ten slowest tests of the run.
 */
import { localBroker, startBroker43, type TestBroker } from "./test_brokers.ts";
import { UserError } from "../lib/errors.ts";
import { VERSION_DEPENDENT_FILES } from "./version_dependent.ts";

/** Counts of one run, from its JUnit report. */
interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** One test's time in a run, from its JUnit report. */
interface TestTime {
  name: string;
  file: string;
  seconds: number;
  version: string;
}

/** The brokers this run covers. */
async function brokers(): Promise<TestBroker[]> {
  if (Deno.env.get("AMQP_URL")) return [localBroker()];
  const wanted = (Deno.env.get("TEST_BROKERS") ?? "4.3,local").split(",").map((s) => s.trim());
  const chosen: TestBroker[] = [];
  for (const name of wanted) {
    if (name === "4.3") chosen.push(await broker43());
    else if (name === "local") chosen.push(localBroker());
    else throw new UserError(`TEST_BROKERS takes 4.3 and local (got '${name}')`);
  }
  return chosen;
}

/** The RabbitMQ 4.3 node, started (and its root built) where needed. */
async function broker43(): Promise<TestBroker> {
  try {
    return await startBroker43((message) => console.error(`suite: ${message}`));
  } catch (error) {
    throw new UserError(
      `RabbitMQ 4.3: ${error instanceof Error ? error.message : String(error)} ` +
        "(TEST_BROKERS=local runs the suite against this machine's broker only)",
    );
  }
}

/** The environment the tests of one broker run in. */
function envOf(broker: TestBroker): Record<string, string> {
  return {
    AMQP_URL: broker.amqpUrl,
    MANAGEMENT_URL: broker.managementUrl,
    RABBITMQ_ROOT: broker.root ?? "",
    DENO_JOBS: Deno.env.get("DENO_JOBS") ?? "4",
  };
}

/** Runs a `deno` subcommand with the broker's environment; its exit code. */
async function deno(args: string[], env: Record<string, string>): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  });
  return (await child.output()).code;
}

/** The broker's version, as its management API reports it. */
async function versionOf(broker: TestBroker): Promise<string> {
  const url = new URL(broker.managementUrl);
  const auth = btoa(
    `${decodeURIComponent(url.username) || "guest"}:${decodeURIComponent(url.password) || "guest"}`,
  );
  url.username = url.password = "";
  try {
    const response = await fetch(`${url.href.replace(/\/$/, "")}/api/overview`, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(10_000),
    });
    const overview = await response.json();
    return String(overview.rabbitmq_version ?? broker.name);
  } catch {
    return broker.name;
  }
}

/** Reads passed, failed and skipped from a JUnit report `deno test` wrote. */
async function countsOf(junitPath: string): Promise<Counts | undefined> {
  const text = await Deno.readTextFile(junitPath).catch(() => "");
  const suites = text.match(/<testsuites [^>]*>/)?.[0];
  if (!suites) return undefined;
  const attr = (name: string) => Number(suites.match(new RegExp(` ${name}="(\\d+)"`))?.[1] ?? 0);
  const failed = attr("failures") + attr("errors");
  // Ignored tests (compiled executables where deno compile cannot get its runtime) are listed
  // with their reason; they count neither as passed nor as failed.
  const skipped = (text.match(/<skipped/g) ?? []).length;
  return { passed: attr("tests") - failed - skipped, failed, skipped };
}

/** The time of each test (and step) in a JUnit report `deno test` wrote. */
async function timesOf(junitPath: string, version: string): Promise<TestTime[]> {
  const text = await Deno.readTextFile(junitPath).catch(() => "");
  const unescape = (s: string) =>
    s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  return [...text.matchAll(/<testcase name="([^"]*)" classname="([^"]*)" time="([\d.]+)"/g)]
    .map(([, name, file, seconds]) => ({
      name: unescape(name),
      file: unescape(file).replace(/^\.\//, ""),
      seconds: Number(seconds),
      version,
    }));
}

/** The ten slowest tests of the whole run, one line each, slowest first. */
function slowestLines(times: TestTime[], count = 10): string[] {
  return times.toSorted((a, b) => b.seconds - a.seconds).slice(0, count).map((t) =>
    `${t.seconds.toFixed(1).padStart(6)}s  ${t.file}: ${t.name} (RabbitMQ ${t.version})`
  );
}

/**
 * Runs the suite against one broker; the counts (a run that reported nothing: one failure)
 * and each test's time.
 */
async function runAgainst(
  broker: TestBroker,
  testArgs: string[],
): Promise<Counts & { version: string; times: TestTime[] }> {
  const env = envOf(broker);
  const version = await versionOf(broker);
  console.error(`\n== RabbitMQ ${version} (${broker.amqpUrl.replace(/\/\/[^@]*@/, "//")})`);
  if (await deno(["run", "-A", "tests/preflight.ts"], env) !== 0) {
    return { passed: 0, failed: 1, skipped: 0, version, times: [] };
  }
  const junit = await Deno.makeTempFile({ suffix: ".xml" });
  const code = await deno(
    ["test", "-A", "--parallel", `--junit-path=${junit}`, ...testArgs],
    env,
  );
  const counts = await countsOf(junit) ?? { passed: 0, failed: 0, skipped: 0 };
  // A run that failed without a failing test (a type error, a crash) still fails.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return { ...counts, version, times: await timesOf(junit, version) };
}

if (import.meta.main) {
  Deno.chdir(new URL("..", import.meta.url));
  const testArgs = Deno.args;
  let chosen: TestBroker[];
  try {
    chosen = await brokers();
  } catch (error) {
    console.error(`suite: ${error instanceof Error ? error.message : String(error)}`);
    console.log("tests: 0 passed, 1 failed");
    Deno.exit(1);
  }
  const lines: string[] = [];
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const times: TestTime[] = [];
  for (const [index, broker] of chosen.entries()) {
    // Named files or filters run as asked on every broker; a whole run repeats on the later
    // brokers only what depends on the version.
    const args = testArgs.length > 0 || index === 0 ? testArgs : VERSION_DEPENDENT_FILES;
    const counts = await runAgainst(broker, args);
    times.push(...counts.times);
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
    lines.push(
      `RabbitMQ ${counts.version}: ${counts.passed} passed, ${counts.failed} failed${skipped}`,
    );
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  console.log("\nslowest tests:");
  for (const line of slowestLines(times)) console.log(line);
  console.log("");
  for (const line of lines) console.log(line);
  console.log(`tests: ${total.passed} passed, ${total.failed} failed`);
  Deno.exit(total.failed === 0 ? 0 : 1);
}
