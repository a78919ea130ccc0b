/**
 * Each task runs with the permissions deno.json gives it, not -A, and a missing permission
 * is one line on stderr, not a stack trace. The tasks are run as a user runs them: `deno task`.
 */
import assert from "node:assert/strict";
import { AMQP_URL, management, uniqueName } from "./helpers.ts";

const root = new URL("../", import.meta.url).pathname;
const decoder = new TextDecoder();

async function deno(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    env: { AMQP_URL, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** stderr without the "Task name command" line deno task prints first. */
const ownLines = (stderr: string) =>
  stderr.split("\n").filter((line) => line.trim() && !line.startsWith("Task "));

Deno.test("only test and check run with -A; every other task names its permissions", async () => {
  const { tasks } = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
  for (const [name, command] of Object.entries<string>(tasks)) {
    if (name === "test" || name === "check") continue;
    assert.doesNotMatch(command, /(^|\s)(-A|--allow-all)(\s|$)/, `task ${name}: ${command}`);
    assert.match(command, /--allow-/, `task ${name} runs with no permission at all: ${command}`);
  }
});

Deno.test("produce, consume, status and cleanup do their work with their own permissions", async () => {
  const queue = uniqueName("perm.q");
  const exchange = uniqueName("perm.x");
  try {
    const common = ["--queue", queue];
    const produced = await deno([
      ...["task", "produce", ...common, "--exchange", exchange, "--audit-queue", ""],
      ...["--count", "20", "--json"],
    ]);
    assert.equal(produced.code, 0, produced.stderr);
    assert.equal(JSON.parse(produced.stdout.trim().split("\n").pop()!).confirmed, 20);
    const consumed = await deno(["task", "consume", ...common, "--expect", "20", "--json"]);
    assert.equal(consumed.code, 0, consumed.stderr);
    assert.equal(JSON.parse(consumed.stdout.trim().split("\n").pop()!).consumed, 20);
    const status = await deno(["task", "status", "--watch", "0"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(queue.replaceAll(".", "\\.")));
    const cleaned = await deno(["task", "cleanup", "--queue", queue, "--exchange", exchange]);
    assert.equal(cleaned.code, 0, cleaned.stderr);
    assert.equal(await management.queue(queue), undefined, "cleanup deleted the queue");
  } finally {
    await management.deleteQueue(queue).catch(() => {});
    await management.deleteExchange(exchange).catch(() => {});
  }
});

Deno.test("a missing permission is one line naming it, exit 1, no stack trace", async () => {
  const noNet = await deno(["run", "--allow-env", "scripts/produce.ts", "--count", "1"]);
  assert.equal(noNet.code, 1, noNet.stderr);
  assert.deepEqual(ownLines(noNet.stderr).length, 1, noNet.stderr);
  assert.match(noNet.stderr, /^produce: not permitted: Requires net access to .*--allow-net/);

  const noEnv = await deno(["run", "scripts/status.ts", "--watch", "0"]);
  assert.equal(noEnv.code, 1, noEnv.stderr);
  assert.equal(ownLines(noEnv.stderr).length, 1, noEnv.stderr);
  assert.match(noEnv.stderr, /^status: not permitted: Requires env access/);
  assert.doesNotMatch(noEnv.stderr + noNet.stderr, /\n\s+at /, "no stack trace");
});
