/**
 * cleanup deletes through the management API. `--all` and `--exchanges` act on a whole vhost,
 * so this test gives them a private vhost of their own, never the shared one. What would drop
 * messages, cut off consumers or is another client's needs a yes: asked on a terminal (tmux),
 * refused on a pipe without --yes.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import amqplib from "amqplib";
import { managementEndpoint, parseAmqpUrl } from "../lib/config.ts";
import { ManagementClient, unusedExchanges } from "../lib/management/mod.ts";
import {
  AMQP_URL,
  eventually,
  management,
  MANAGEMENT_URL,
  produceOk,
  queueDepth,
  runScript,
  testTopology,
  uniqueName,
  withTestVhost,
} from "./helpers.ts";

Deno.test("unusedExchanges keeps built-in and bound exchanges", () => {
  const x = (name: string) => ({ name, vhost: "/", type: "direct", durable: true });
  const exchanges = [x(""), x("amq.direct"), x("bound"), x("lonely")];
  const bindings = [{
    source: "bound",
    destination: "q",
    destination_type: "queue" as const,
    routing_key: "k",
  }];
  assert.deepEqual(unusedExchanges(exchanges, bindings).map((e) => e.name), ["lonely"]);
});

Deno.test("cleanup --queue deletes the named queues and says which did not exist", async () => {
  const t = testTopology("cleanup");
  try {
    await produceOk([...t.flags, "--count", "1"]);
    const names = ["--queue", t.queue, t.auditQueue, `${t.queue}.missing`];
    // Each holds a message: named or not, that needs a yes, and a pipe cannot give one.
    const refused = await runScript("cleanup", names);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stdout, /queue '.*\.q': 1 message, 0 consumers\n/);
    assert.match(
      refused.stderr,
      /^cleanup: nothing deleted: 2 queues above cannot go without a yes/,
    );
    assert.equal(await queueDepth(t.queue), 1);
    const run = await runScript("cleanup", [...names, "--yes"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`deleted queue '${t.queue.replaceAll(".", "\\.")}'`));
    assert.match(run.stdout, /did not exist/);
    assert.equal(await management.queue(t.queue), undefined);
    assert.equal(await management.queue(t.auditQueue), undefined);
  } finally {
    await t.cleanup();
  }
});

Deno.test("cleanup --queue a,b takes the PowerShell cleanup's comma list, and repeats", async () => {
  const t = testTopology("cleanup-list");
  const other = testTopology("cleanup-list2");
  try {
    await produceOk([...t.flags, "--count", "1"]);
    await produceOk([...other.flags, "--count", "1"]);
    const run = await runScript("cleanup", [
      "--queue",
      `${t.queue},${t.auditQueue}`,
      "--queue",
      other.queue,
      "-y",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /cleanup: deleted 3 in vhost/);
    for (const gone of [t.queue, t.auditQueue, other.queue]) {
      assert.equal(await management.queue(gone), undefined, `${gone} deleted`);
    }
  } finally {
    await t.cleanup();
    await other.cleanup();
  }
});

Deno.test("cleanup --all empties a vhost of its queues and unused exchanges", async () => {
  const vhost = uniqueName("vhost");
  const path = encodeURIComponent(vhost);
  const user = new URL(AMQP_URL).username || "guest";
  await management.request("PUT", `vhosts/${path}`, {});
  try {
    await management.request("PUT", `permissions/${path}/${encodeURIComponent(user)}`, {
      configure: ".*",
      write: ".*",
      read: ".*",
    });
    const url = new URL(AMQP_URL);
    url.pathname = `/${path}`;
    await produceOk(["--url", url.href, "--count", "5"]);

    const run = await runScript("cleanup", ["--url", url.href, "--all", "--yes"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /deleted queue 'work\.queue'/);
    assert.match(run.stdout, /deleted queue 'audit\.queue'/);
    assert.match(run.stdout, /deleted exchange 'direct\.exchange'/);
    assert.match(run.stdout, new RegExp(`deleted 3 in vhost '${vhost.replaceAll(".", "\\.")}'`));
    const left = await management.request<{ name: string }[]>("GET", `queues/${path}`);
    assert.deepEqual(left, []);
    const exchanges = await management.request<{ name: string }[]>("GET", `exchanges/${path}`);
    assert.ok(
      exchanges.every((e) => e.name === "" || e.name.startsWith("amq.")),
      JSON.stringify(exchanges),
    );
  } finally {
    await management.request("DELETE", `vhosts/${path}`);
  }
});

/** A client other than ours in `url`'s vhost: amqplib, with a connection kept open. */
async function otherClient(url: string) {
  const conn = await amqplib.connect(url);
  conn.on("error", () => {}); // its queues are deleted under it: that is the test
  return conn;
}

/**
 * Another client's shop in `url`'s vhost: exchanges `shop` (direct) and `shop.events` (fanout,
 * bound from shop), queues `orders` and `invoices` with 10 messages each; `orders` has a live
 * consumer holding its 10 unacknowledged. Resolves once the management API counts them.
 */
async function anotherClientsShop(url: string) {
  const conn = await otherClient(url);
  const ch = await conn.createConfirmChannel();
  await ch.assertExchange("shop", "direct", { durable: true });
  await ch.assertExchange("shop.events", "fanout", { durable: true });
  await ch.bindExchange("shop.events", "shop", "order");
  await ch.assertQueue("orders", { durable: true });
  await ch.assertQueue("invoices", { durable: true });
  await ch.bindQueue("orders", "shop", "order");
  await ch.bindQueue("invoices", "shop.events", "");
  for (let i = 0; i < 10; i++) ch.publish("shop", "order", Buffer.from(`order ${i}`));
  await ch.waitForConfirms();
  const consumer = await conn.createChannel();
  await consumer.consume("orders", () => {}, { noAck: false }); // never acks
  const api = new ManagementClient(managementEndpoint(parseAmqpUrl(url), MANAGEMENT_URL));
  await eventually("the management API to count 10 unacknowledged in orders", async () => {
    const orders = await api.queue("orders");
    return orders?.messages_unacknowledged === 10 && orders.consumers === 1 ? true : undefined;
  });
  return { api, close: () => conn.close().catch(() => {}) };
}

/** The queue and exchange names (built-in exchanges aside) left in the vhost. */
async function leftIn(api: ManagementClient): Promise<{ queues: string[]; exchanges: string[] }> {
  const queues = (await api.queues(["name"])).map((q) => q.name).sort();
  const exchanges = (await api.exchanges()).map((e) => e.name)
    .filter((name) => name !== "" && !name.startsWith("amq.")).sort();
  return { queues, exchanges };
}

const SHOP = { queues: ["invoices", "orders"], exchanges: ["shop", "shop.events"] };

Deno.test("cleanup all: another client's queues and exchanges only with --yes, and the messages dropped are counted", async () => {
  await withTestVhost("cleanup-shared", async ({ name, url }) => {
    const shop = await anotherClientsShop(url);
    try {
      const piped = await runScript("cleanup", ["--url", url, "all"]);
      assert.equal(piped.code, 1, piped.stderr);
      assert.match(
        piped.stdout,
        /queue 'orders': 10 messages, 1 consumer \(not a name this toolkit gives\)\n/,
      );
      assert.match(
        piped.stdout,
        /queue 'invoices': 10 messages, 0 consumers \(not a name this toolkit gives\)\n/,
      );
      assert.match(piped.stdout, /exchange 'shop' \(not a name this toolkit gives\)\n/);
      assert.match(piped.stdout, /exchange 'shop\.events' \(not a name this toolkit gives\)\n/);
      assert.match(
        piped.stderr,
        /^cleanup: nothing deleted: 2 queues and 2 exchanges above cannot go without a yes .*--yes/,
      );
      assert.doesNotMatch(piped.stdout, /^deleted/m);
      assert.deepEqual(await leftIn(shop.api), SHOP);
      assert.equal(await queueDepth("invoices", url), 10);

      const yes = await runScript("cleanup", ["--url", url, "all", "--yes"]);
      assert.equal(yes.code, 0, yes.stderr);
      assert.match(yes.stdout, /^deleted queue 'orders' \(10 messages, 1 consumer\)$/m);
      assert.match(yes.stdout, /^deleted queue 'invoices' \(10 messages, 0 consumers\)$/m);
      assert.match(yes.stdout, /^deleted exchange 'shop'$/m);
      assert.match(yes.stdout, /^deleted exchange 'shop\.events'$/m);
      assert.ok(
        yes.stdout.includes(
          `cleanup: deleted 4 in vhost '${name}': 2 queues (20 messages dropped) and 2 exchanges\n`,
        ),
        yes.stdout,
      );
      assert.deepEqual(await leftIn(shop.api), { queues: [], exchanges: [] });
    } finally {
      await shop.close();
    }
  });
});

Deno.test("cleanup all: the toolkit's own empty queues and exchanges go without asking", async () => {
  await withTestVhost("cleanup-own", async ({ url }) => {
    await produceOk(["--url", url, "--count", "4"]);
    const consumed = await runScript("consume", ["--url", url, "--expect", "4"]);
    assert.equal(consumed.code, 0, consumed.stderr);
    // audit.queue keeps its copies: emptied first, by name, which needs a yes for 4 messages.
    const purged = await runScript("cleanup", ["--url", url, "--purge", "audit.queue", "--yes"]);
    assert.equal(purged.code, 0, purged.stderr);
    assert.match(purged.stdout, /^emptied queue 'audit\.queue' \(4 messages\)$/m);
    const run = await runScript("cleanup", ["--url", url, "all"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /deleted 3 in vhost .*: 2 queues \(0 messages dropped\) and 1 exchange/,
    );
    const api = new ManagementClient(managementEndpoint(parseAmqpUrl(url), MANAGEMENT_URL));
    assert.deepEqual(await leftIn(api), { queues: [], exchanges: [] });
  });
});

Deno.test("cleanup all: a queue exclusive to another connection is one line, the rest go, exit 1", async () => {
  await withTestVhost("cleanup-exclusive", async ({ url }) => {
    await produceOk(["--url", url, "--count", "2"]);
    const holder = await otherClient(url);
    try {
      const ch = await holder.createChannel();
      await ch.assertQueue("held.exclusive", { exclusive: true });
      await ch.bindQueue("held.exclusive", "direct.exchange", "held");
      const run = await runScript("cleanup", ["--url", url, "all", "--yes"]);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(
        run.stderr,
        "cleanup: queue 'held.exclusive' not deleted: exclusive to another connection " +
          "(only that connection can delete it)\n" +
          // Still bound to it, the exchange stays: said the same way.
          "cleanup: exchange 'direct.exchange' not deleted: queues or exchanges are still bound to it\n",
      );
      assert.doesNotMatch(run.stdout + run.stderr, /[{}]/, "no JSON from the management API");
      assert.match(run.stdout, /^deleted queue 'work\.queue' \(2 messages, 0 consumers\)$/m);
      assert.match(run.stdout, /^deleted queue 'audit\.queue' \(2 messages, 0 consumers\)$/m);
      assert.match(
        run.stdout,
        /deleted 2 in vhost .*: 2 queues \(4 messages dropped\) and 0 exchanges; 2 refused/,
      );
      const api = new ManagementClient(managementEndpoint(parseAmqpUrl(url), MANAGEMENT_URL));
      assert.deepEqual(await leftIn(api), {
        queues: ["held.exclusive"],
        exchanges: ["direct.exchange"],
      });
    } finally {
      await holder.close().catch(() => {});
    }
  });
});

Deno.test("cleanup prints hostile queue and exchange names escaped, never their control bytes", async () => {
  await withTestVhost("cleanup-hostile", async ({ url }) => {
    const queue = "evil\x1b[2J\u202eeuq\x9b31m";
    const exchange = "x\x07\u200bshout";
    const conn = await otherClient(url);
    try {
      const ch = await conn.createConfirmChannel();
      await ch.assertExchange(exchange, "fanout", { durable: true });
      await ch.assertQueue(queue, { durable: true });
      ch.sendToQueue(queue, Buffer.from("x"));
      await ch.waitForConfirms();
    } finally {
      await conn.close().catch(() => {});
    }
    // Every control character but the newline, C1 controls, and the two hidden ones used.
    // deno-lint-ignore no-control-regex
    const unsafe = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u202e]/;
    const piped = await runScript("cleanup", ["--url", url, "all"]);
    assert.equal(piped.code, 1, piped.stderr);
    assert.doesNotMatch(piped.stdout + piped.stderr, unsafe);
    assert.ok(
      piped.stdout.includes("queue 'evil\\x1b[2J\\u202eeuq\\x9b31m': 1 message, 0 consumers"),
      piped.stdout,
    );
    assert.ok(piped.stdout.includes("exchange 'x\\x07\\u200bshout'"), piped.stdout);
    const yes = await runScript("cleanup", ["--url", url, "all", "--yes"]);
    assert.equal(yes.code, 0, yes.stderr);
    assert.doesNotMatch(yes.stdout + yes.stderr, unsafe);
    assert.match(yes.stdout, /deleted 2 in vhost .*: 1 queue \(1 message dropped\) and 1 exchange/);
  });
});

/** A tmux server of this test's own (no other session touched), running one command. */
class Terminal {
  readonly #socket = `cleanup-test-${crypto.randomUUID().slice(0, 8)}`;

  async #tmux(...args: string[]): Promise<string> {
    const out = await new Deno.Command("tmux", { args: ["-L", this.#socket, ...args] }).output();
    if (!out.success) throw new Error(`tmux ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
    return new TextDecoder().decode(out.stdout);
  }

  /** Runs `args` in a new 200x50 window that stays open, saying `exit=N` when it ends. */
  async start(args: string[]): Promise<void> {
    const quoted = args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    const shell = `${quoted}; echo "exit=$?"; sleep 600`;
    await this.#tmux("new-session", "-d", "-s", "t", "-x", "200", "-y", "50", shell);
  }

  /** What the window shows, wrapped lines joined. */
  screen(): Promise<string> {
    return this.#tmux("capture-pane", "-p", "-J", "-t", "t");
  }

  /** Types `text` and Enter. */
  async type(text: string): Promise<void> {
    await this.#tmux("send-keys", "-t", "t", text, "Enter");
  }

  /** Waits until the window shows `pattern`; returns the screen. */
  async shows(pattern: RegExp): Promise<string> {
    let seen = "";
    return await eventually(
      `the terminal to show ${pattern}`,
      async () => (seen = await this.screen(), pattern.test(seen) ? seen : undefined),
      30_000,
      () => seen,
    );
  }

  async close(): Promise<void> {
    await this.#tmux("kill-server").catch(() => {});
  }
}

Deno.test("cleanup all on a terminal asks: n deletes nothing, y deletes", async () => {
  await withTestVhost("cleanup-tty", async ({ url }) => {
    const shop = await anotherClientsShop(url);
    const script = new URL("../scripts/cleanup.ts", import.meta.url).pathname;
    const command = [Deno.execPath(), "run", "-A", script, "--url", url, "all"];
    const question = "Delete 2 queues (20 messages, 1 consumer) and 2 exchanges? [y/N]";
    try {
      for (const answer of ["n", "y"]) {
        const terminal = new Terminal();
        try {
          await terminal.start([...command, "--management-url", MANAGEMENT_URL]);
          const asked = await terminal.shows(/\[y\/N\]/);
          assert.ok(asked.includes(question), asked);
          assert.match(asked, /queue 'orders': 10 messages, 1 consumer/);
          assert.deepEqual(await leftIn(shop.api), SHOP, "nothing deleted before the answer");
          await terminal.type(answer);
          const done = await terminal.shows(/exit=\d+/);
          if (answer === "n") {
            assert.match(done, /cleanup: nothing deleted\n/);
            assert.match(done, /exit=1/);
            assert.deepEqual(await leftIn(shop.api), SHOP);
          } else {
            assert.match(done, /deleted 4 in vhost .*: 2 queues \(20 messages dropped\)/);
            assert.match(done, /exit=0/);
            assert.deepEqual(await leftIn(shop.api), { queues: [], exchanges: [] });
          }
        } finally {
          await terminal.close();
        }
      }
    } finally {
      await shop.close();
    }
  });
});
