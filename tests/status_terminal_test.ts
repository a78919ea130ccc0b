/**
 * `deno task status` in a real terminal (tmux, 80x24 and 200x50) on a vhost of 60 queues: the
 * summary stays in view, no line is wider than the terminal, the deepest queue comes first,
 * redrawing adds nothing to the scrollback, `s` sorts by name and `q` gives the terminal back.
 * Queue names full of escape sequences are drawn escaped: the bytes the view writes hold only
 * its own sequences, and the terminal keeps its title.
 */
import assert from "node:assert/strict";
import { terminalSafe } from "../lib/shared/mod.ts";
import { eventually, MANAGEMENT_URL, withConnection, withTestVhost } from "./helpers.ts";
import { PrivateBroker } from "./private_broker.ts";

const SCRIPT = new URL("../scripts/status.ts", import.meta.url).pathname;

/** A tmux server of this test's own, so no other session is touched. */
class Tmux {
  readonly socket = `status-test-${crypto.randomUUID().slice(0, 8)}`;

  async run(...args: string[]): Promise<string> {
    const out = await new Deno.Command("tmux", { args: ["-L", this.socket, ...args] }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (!out.success) throw new Error(`tmux ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
    return text;
  }

  /** The visible screen, wrapped lines joined back (so a too-wide line shows as one). */
  screen(): Promise<string> {
    return this.run("capture-pane", "-p", "-J", "-t", "status");
  }

  async alive(): Promise<boolean> {
    return await this.run("has-session", "-t", "status").then(() => true, () => false);
  }

  async kill(): Promise<void> {
    await this.run("kill-server").catch(() => {});
  }
}

/** A vhost of the test's own with 60 queues: one holds 50 messages, the rest fewer. */
function withSixtyQueues(fn: (url: string, deepest: string) => Promise<void>): Promise<void> {
  return withTestVhost("status-vhost", async ({ url }) => {
    const names = Array.from({ length: 60 }, (_, i) => `q${String(i).padStart(2, "0")}.work`);
    const deepest = names[31];
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.confirmSelect();
      for (const [i, name] of names.entries()) {
        await ch.queueDeclare(name, { durable: true });
        const count = name === deepest ? 50 : i % 5;
        for (let n = 0; n < count; n++) await ch.basicPublish("", name, "x");
      }
    }, url);
    await fn(url, deepest);
  });
}

for (const [width, height] of [[80, 24], [200, 50]]) {
  Deno.test(`status in a ${width}x${height} terminal: one screen, deepest first, no scrollback, keys`, async () => {
    await withSixtyQueues(async (url, deepest) => {
      const tmux = new Tmux();
      try {
        const command = [Deno.execPath(), "run", "-A", SCRIPT, "--url", `'${url}'`]
          .concat(["--management-url", MANAGEMENT_URL, "--watch", "1"]).join(" ");
        await tmux.run(
          "new-session",
          "-d",
          "-s",
          "status",
          "-x",
          String(width),
          "-y",
          String(height),
          command,
        );
        let seen = "";
        const screen = await eventually(
          "the summary of 60 queues with the deepest first",
          async () => {
            seen = await tmux.screen();
            const lines = seen.split("\n");
            // The node line sits between the summary and the queues' heading.
            return /queues 60 /.test(lines[1] ?? "") && /^● \S+ +mem /.test(lines[2] ?? "") &&
                lines[4]?.includes(deepest)
              ? seen
              : undefined;
          },
          30_000,
          () => seen,
        );
        const lines = screen.trimEnd().split("\n");
        assert.ok(lines.length <= height, `${lines.length} lines`);
        for (const line of lines) assert.ok(line.length <= width, `wider than ${width}: ${line}`);
        assert.match(lines[0], /^RabbitMQ \S+ · vhost .* · management API$/, "the title whole");
        assert.doesNotMatch(lines[1], /…/, "every summary figure shows");

        // Two redraws later the scrollback is still empty: every frame replaced the last.
        const clock = () => tmux.screen().then((s) => s.split("\n")[0]);
        const first = await clock();
        await eventually("two redraws", async () => (await clock()) !== first || undefined, 10_000);
        assert.equal(
          (await tmux.run("display", "-p", "-t", "status", "#{history_size}")).trim(),
          "0",
        );

        await tmux.run("send-keys", "-t", "status", "s");
        await eventually("sorted by name", async () => {
          const rows = (await tmux.screen()).split("\n");
          return /name▲/.test(rows[3] ?? "") && rows[4]?.includes("q00.work") || undefined;
        }, 10_000);
        await tmux.run("send-keys", "-t", "status", "q");
        await eventually(
          "status to quit on q",
          async () => !(await tmux.alive()) || undefined,
          10_000,
        );
      } finally {
        await tmux.kill();
      }
    });
  });
}

/** A name that would retitle, clear and garble the terminal if it were written raw. */
const HOSTILE = "q\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u200b";

Deno.test("status in a terminal draws hostile queue names escaped: only its own escape sequences reach the terminal", async () => {
  await withTestVhost("status-hostile", async ({ url }) => {
    const names = [HOSTILE, `b${HOSTILE}`, `c\x1b[2K${"long".repeat(40)}`];
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.confirmSelect();
      for (const name of names) {
        await ch.queueDeclare(name, { durable: true });
        await ch.basicPublish("", name, "x");
      }
    }, url);
    const tmux = new Tmux();
    const recording = await Deno.makeTempFile({ prefix: "status-hostile-" });
    try {
      // The view starts on Enter, once every byte it writes is being recorded.
      const command = [Deno.execPath(), "run", "-A", SCRIPT, "--url", `'${url}'`]
        .concat(["--management-url", MANAGEMENT_URL, "--watch", "1"]).join(" ");
      await tmux.run(
        "new-session",
        "-d",
        "-s",
        "status",
        "-x",
        "200",
        "-y",
        "30",
        `read go; exec ${command}`,
      );
      await tmux.run("pipe-pane", "-O", "-t", "status", `cat > '${recording}'`);
      await tmux.run("send-keys", "-t", "status", "Enter");
      let seen = "";
      const screen = await eventually(
        "the three queues drawn",
        async () => {
          seen = await tmux.screen();
          return /queues 3 /.test(seen) && seen.includes(terminalSafe(HOSTILE)) ? seen : undefined;
        },
        30_000,
        () => seen,
      );
      assert.ok(screen.includes(`b${terminalSafe(HOSTILE)}`), screen);
      assert.ok(screen.includes("c\\x1b[2Klonglong"), screen);
      const title = await tmux.run("display", "-p", "-t", "status", "#{pane_title}");
      assert.ok(!title.includes("pwned"), `the pane was retitled: ${title}`);
      await tmux.run("send-keys", "-t", "status", "q");
      await eventually(
        "status to quit on q",
        async () => !(await tmux.alive()) || undefined,
        10_000,
      );

      const bytes = await Deno.readFile(recording);
      const recorded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      // From the view's alternate screen on (Deno itself clears its progress line before it).
      const text = recorded.slice(recorded.indexOf("\x1b[?1049h"));
      assert.ok(text.includes(terminalSafe(HOSTILE)), "the recording holds the drawn names");
      // Every escape is one of the view's own CSI sequences (cursor, colour, clearing a line).
      // deno-lint-ignore no-control-regex
      const others = text.replace(/\x1b\[[?0-9;]*[A-Za-z]/g, "");
      const stray = others.indexOf("\x1b");
      assert.equal(stray, -1, JSON.stringify(others.slice(Math.max(0, stray - 30), stray + 30)));
      const at = Math.max(text.indexOf("\x1b[2J"), text.indexOf("\x1b[2K"));
      assert.equal(
        at,
        -1,
        `cleared by ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`,
      );
      // deno-lint-ignore no-control-regex
      const raw = text.match(/[\x00-\x09\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u202e\u200b]/);
      assert.equal(raw, null, `raw ${JSON.stringify(raw?.[0])} in what the view wrote`);
    } finally {
      await tmux.kill();
      await Deno.remove(recording).catch(() => {});
    }
  });
});

Deno.test({
  name: "status at 80x24 shows the node line, and a memory alarm raised on the node in red",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start({ management: true });
    const tmux = new Tmux();
    try {
      const command = [Deno.execPath(), "run", "-A", SCRIPT, "--url", broker.url]
        .concat(["--management-url", broker.node.managementUrl!, "--watch", "1"]).join(" ");
      await tmux.run("new-session", "-d", "-s", "status", "-x", "80", "-y", "24", command);
      let seen = "";
      const nodeRow = (screen: string) => screen.split("\n")[2] ?? "";
      await eventually(
        "the node line",
        async () => {
          seen = await tmux.screen();
          return /^● \S+ +mem [\d.]+ \S+\/[\d.]+ \S+ +disk [\d.]+ \S+ free/.test(nodeRow(seen)) ||
            undefined;
        },
        60_000,
        () => seen,
      );
      assert.doesNotMatch(nodeRow(seen), /ALARM/);
      await broker.ctl("set_vm_memory_high_watermark", "0.0001"); // below what any node uses
      await eventually(
        "the memory alarm on the node line",
        async () => {
          seen = await tmux.screen();
          return /mem \S+ \S+\/\S+ \S+ ALARM/.test(nodeRow(seen)) || undefined;
        },
        60_000,
        () => seen,
      );
      const lines = seen.trimEnd().split("\n");
      assert.ok(lines.length <= 24, `${lines.length} lines`);
      for (const line of lines) assert.ok(line.length <= 80, `wider than 80: ${line}`);
      // With its colours: the alarm is drawn red.
      const coloured = await tmux.run("capture-pane", "-p", "-e", "-J", "-t", "status");
      // deno-lint-ignore no-control-regex
      assert.match(coloured.split("\n")[2], /\x1b\[31mmem [^\x1b]* ALARM/);
    } finally {
      await tmux.kill();
      await broker.ctl("set_vm_memory_high_watermark", "0.4").catch(() => "");
      await broker.stop();
    }
  },
});
