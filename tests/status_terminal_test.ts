/**
 * `deno task status` in a real terminal (tmux, 80x24 and 200x50) on a vhost of 60 queues: the
 * summary stays in view, no line is wider than the terminal, the deepest queue comes first,
 * redrawing adds nothing to the scrollback, `s` sorts by name and `q` gives the terminal back.
 */
import assert from "node:assert/strict";
import { eventually, MANAGEMENT_URL, withConnection, withTestVhost } from "./helpers.ts";

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
            return /queues 60 /.test(lines[1] ?? "") && lines[3]?.includes(deepest)
              ? seen
              : undefined;
          },
          30_000,
          () => seen,
        );
        const lines = screen.trimEnd().split("\n");
        assert.ok(lines.length <= height, `${lines.length} lines`);
        for (const line of lines) assert.ok(line.length <= width, `wider than ${width}: ${line}`);
        assert.match(lines[0], /^RabbitMQ \S+ · vhost /);

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
          return /name▲/.test(rows[2] ?? "") && rows[3]?.includes("q00.work") || undefined;
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
