/**
 * `deno task compile`: single-file executables that run from any directory. Where `deno compile`
 * cannot get its runtime (denort is downloaded from dl.deno.land), the executables test is
 * reported as skipped with that reason, and the task's one-line failure is checked instead.
 */
import assert from "node:assert/strict";
import { explainCompileFailure } from "../scripts/compile.ts";
import type { ConsumeSummary } from "../scripts/consume.ts";
import type { ProduceSummary } from "../scripts/produce.ts";
import { AMQP_URL, runScript, testTopology } from "./helpers.ts";

async function exec(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** Why `deno compile` cannot work here, or undefined when it can (tried on a one-line program). */
async function compileUnavailable(): Promise<string | undefined> {
  const dir = await Deno.makeTempDir({ prefix: "compile-probe-" });
  try {
    await Deno.writeTextFile(`${dir}/probe.ts`, "console.log('ok');\n");
    const built = await exec(
      Deno.execPath(),
      ["compile", "--quiet", "-o", "probe", "probe.ts"],
      dir,
    );
    if (built.code !== 0) return explainCompileFailure(built.stderr);
    const ran = await exec(`${dir}/probe`, [], dir);
    return ran.stdout.trim() === "ok" ? undefined : "a compiled program does not run here";
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const unavailable = await compileUnavailable();
const skipReason = unavailable?.includes("could not download its runtime")
  ? "deno compile cannot download its runtime, denort, here; set DENORT_BIN"
  : unavailable;

Deno.test({
  name: `compiled produce, consume and monitor run from another directory${
    skipReason ? ` (skipped: ${skipReason})` : ""
  }`,
  ignore: unavailable !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "compiled-" });
    const t = testTopology("compiled");
    try {
      const built = await runScript("compile", [
        "--out",
        out,
        "--only",
        "produce",
        "consume",
        "monitor",
      ]);
      assert.equal(built.code, 0, built.stderr);
      const elsewhere = await Deno.makeTempDir({ prefix: "elsewhere-" });
      const help = await exec(`${out}/produce`, ["--help"], elsewhere);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--count <n>/);

      const produced = await exec(
        `${out}/produce`,
        [...t.flags, "--count", "1000", "--json"],
        elsewhere,
        { AMQP_URL },
      );
      assert.equal(produced.code, 0, produced.stderr);
      assert.equal((JSON.parse(produced.stdout) as ProduceSummary).confirmed, 1000);
      const consumed = await exec(
        `${out}/consume`,
        ["--queue", t.queue, "--expect", "1000", "--json"],
        elsewhere,
        { AMQP_URL },
      );
      assert.equal(consumed.code, 0, consumed.stderr);
      assert.equal((JSON.parse(consumed.stdout) as ConsumeSummary).consumed, 1000);

      const monitor = new Deno.Command(`${out}/monitor`, {
        args: ["--port", "0"],
        cwd: elsewhere,
        env: { AMQP_URL },
        stdout: "piped",
        stderr: "null",
      }).spawn();
      try {
        const reader = monitor.stdout.pipeThrough(new TextDecoderStream()).getReader();
        const { value } = await reader.read();
        const url = value?.match(/open (http:\S+)/)?.[1];
        assert.ok(url, `the monitor said where it listens: ${value}`);
        const page = await (await fetch(url)).text();
        const script = page.match(/src="(\/static\/islands\.js[^"]*)"/)?.[1];
        assert.ok(script, "the page loads the island bundle");
        const js = await fetch(new URL(script, url));
        assert.equal(js.status, 200);
        assert.ok((await js.text()).length > 10_000, "the embedded bundle is served");
        assert.equal((await fetch(new URL("/static/style.css", url))).status, 200);
        reader.releaseLock();
      } finally {
        monitor.kill("SIGTERM");
        await monitor.status;
      }
    } finally {
      await t.cleanup();
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name: "compile without its runtime fails in one line that points to DENORT_BIN",
  ignore: unavailable === undefined,
  async fn() {
    const run = await runScript("compile", ["--out", await Deno.makeTempDir()]);
    assert.equal(run.code, 1);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0],
      /^compile: deno compile could not download its runtime \(https:\/\/dl\.deno\.land\/.*denort.*\); .*DENORT_BIN=\/path\/to\/denort deno task compile$/,
    );
  },
});

Deno.test("compile refuses a DENORT_BIN that is missing or is the deno CLI, in one line", async () => {
  const missing = await runScript("compile", [], { DENORT_BIN: "/nonexistent/denort" });
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /^compile: DENORT_BIN=\/nonexistent\/denort is not a file; point it at denort\n$/,
  );
  const cli = await runScript("compile", [], { DENORT_BIN: Deno.execPath() });
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /DENORT_BIN=.* is the deno CLI, not denort/);
});

Deno.test("explainCompileFailure names the runtime download, or the first error line", () => {
  const download =
    "error: Writing deno compile executable to temporary file 'x'\n\nCaused by:\n    0: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error (Connect)";
  assert.match(
    explainCompileFailure(download),
    /denort-x86_64-unknown-linux-gnu\.zip\); .*DENORT_BIN/,
  );
  assert.equal(
    explainCompileFailure("Check x.ts\nerror: TS2322 Type 'string' is not assignable"),
    "deno compile failed: error: TS2322 Type 'string' is not assignable",
  );
});
