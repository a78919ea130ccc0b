/**
 * The service-shaped library face as a program outside this repository uses it: the orders
 * service of docs/library.md, run as written there from a temporary directory, with its
 * connections closed by the broker while it publishes; and each way a send or a consumer ends,
 * by its kind, against the real broker.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  Broker,
  ManagementClient,
  managementEndpoint,
  MessagingError,
  parseAmqpUrl,
} from "../mod.ts";
import { SafeAmqpClient } from "../lib/amqp/mod.ts";
import {
  AMQP_URL,
  eventually,
  MANAGEMENT_URL,
  queueDepth,
  uniqueName,
  withTestVhost,
} from "./helpers.ts";
import { TcpProxy } from "./tcp_proxy.ts";

const MOD_TS = fileURLToPath(new URL("../mod.ts", import.meta.url));
const PLACEHOLDER = "/path/to/rabbitmq-toolkit/mod.ts";

/** The orders service exactly as docs/library.md shows it, importing this repository's mod.ts. */
async function ordersProgram(): Promise<string> {
  const doc = await Deno.readTextFile(new URL("../docs/library.md", import.meta.url));
  const after = doc.slice(doc.indexOf("<!-- orders-service"));
  const code = after.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(code?.includes(PLACEHOLDER), "docs/library.md shows the orders service");
  return code!.replace(PLACEHOLDER, MOD_TS);
}

/** A program's output read line by line as it comes, with a wait for a line. */
function lines(stream: ReadableStream<Uint8Array>) {
  const seen: string[] = [];
  let wake = () => {};
  const done = (async () => {
    let rest = "";
    const decoder = new TextDecoder();
    for await (const bytes of stream) {
      const parts = (rest + decoder.decode(bytes, { stream: true })).split("\n");
      rest = parts.pop()!;
      seen.push(...parts);
      wake();
    }
    if (rest) seen.push(rest);
    wake();
  })();
  return {
    seen,
    done,
    /** Resolves once a line matches `pattern`; false when the output ended first. */
    async waitFor(pattern: RegExp): Promise<boolean> {
      for (;;) {
        if (seen.some((line) => pattern.test(line))) return true;
        const ended = await Promise.race([
          new Promise<false>((resolve) => (wake = () => resolve(false))),
          done.then(() => true),
        ]);
        if (ended) return seen.some((line) => pattern.test(line));
      }
    },
  };
}

/**
 * Closes every connection of the vhost through the management API, as the broker's
 * `close_all_connections` does (the vhost is this test's own: no one else's connection goes).
 * Answers how many it closed, waiting until the management API lists at least one.
 */
async function closeConnectionsOf(api: ManagementClient): Promise<number> {
  const names = await eventually("the program's connection in the management API", async () => {
    const found = (await api.connections()).map((c) => c.name);
    return found.length > 0 ? found : undefined;
  });
  for (const name of names) {
    await api.request("DELETE", `connections/${encodeURIComponent(name)}`).catch(() => {});
  }
  return names.length;
}

/** The message ids in `queue`, each taken off it (a test's own vhost, at the end). */
async function messageIdsIn(url: string, queue: string): Promise<string[]> {
  const conn = new SafeAmqpClient(url);
  await conn.connect();
  try {
    const ch = await conn.channel();
    const ids: string[] = [];
    for (;;) {
      const msg = await ch.basicGet(queue, { noAck: true });
      if (!msg) return ids;
      ids.push(msg.properties.messageId ?? "");
    }
  } finally {
    await conn.close().catch(() => {});
  }
}

Deno.test({
  name:
    "docs/library.md's orders service, outside the repository: 900 orders through a forced close mid-publish, 800 handled, 100 dead-lettered once each, none lost",
  sanitizeResources: false,
  fn: () =>
    withTestVhost("orders", async (vhost) => {
      const dir = await Deno.makeTempDir({ prefix: "orders-service-" });
      try {
        const program = `${dir}/orders.ts`;
        await Deno.writeTextFile(program, await ordersProgram());
        const checked = await new Deno.Command(Deno.execPath(), {
          args: ["check", program],
          cwd: dir,
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(checked.code, 0, new TextDecoder().decode(checked.stderr));

        const child = new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-net", "--allow-env", program],
          cwd: dir,
          env: { AMQP_URL: vhost.url, NO_COLOR: "1" },
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        const out = lines(child.stdout);
        const err = new Response(child.stderr).text();
        const api = new ManagementClient(
          managementEndpoint(parseAmqpUrl(vhost.url), MANAGEMENT_URL),
        );
        try {
          assert.ok(await out.waitFor(/^sent 100 orders$/), `no progress: ${out.seen.join("\n")}`);
          const closed = await closeConnectionsOf(api);
          const status = await child.status;
          await out.done;
          const output = out.seen.join("\n");
          assert.equal(status.code, 0, `${output}\n${await err}`);
          assert.ok(closed >= 1);
          // The close came while it published: lost, then back, before the last order went.
          const lost = out.seen.findIndex((line) => line.startsWith("lost the broker:"));
          const back = out.seen.findIndex((line) => line.startsWith("back on "));
          const last = out.seen.indexOf("sent 900 orders");
          assert.ok(lost >= 0 && lost < back && back < last, output);
          assert.match(output, /CONNECTION_FORCED/);
          const totals = JSON.parse(out.seen.at(-1)!);
          assert.deepEqual(totals, { handled: 800, deadLettered: 100 });

          const dlq = await messageIdsIn(vhost.url, "orders.dlq");
          const failing = Array.from({ length: 100 }, (_, i) => `order-${(i + 1) * 9}`);
          assert.deepEqual(dlq.toSorted(), failing.toSorted(), "each failing order once");
          assert.equal(await queueDepth("orders", vhost.url), 0, "nothing left behind");
          const lostOrders = 900 - totals.handled - new Set(dlq).size;
          assert.equal(lostOrders, 0);
          const sentBefore = out.seen.slice(0, lost).findLast((line) => line.startsWith("sent "));
          console.log(
            `orders service: handled=${totals.handled} dead-lettered=${dlq.length} lost=${lostOrders}; ` +
              `${closed} connection(s) closed after "${sentBefore}"`,
          );
        } finally {
          try {
            child.kill("SIGKILL");
          } catch { /* it ended */ }
          await child.status;
          await err;
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    }),
});

Deno.test("a send rejects with its kind: returned, nacked, refused, invalid, closed", async () => {
  const queue = uniqueName("send-kinds");
  const broker = await Broker.connect({ url: AMQP_URL, name: "send kinds" });
  const kindOf = (promise: Promise<unknown>) =>
    promise.then(() => "sent", (error) => error instanceof MessagingError ? error.kind : error);
  try {
    // A queue that takes one message and refuses the next (x-overflow: reject-publish).
    await broker.declareQueue(queue, {
      arguments: { "x-max-length": 1, "x-overflow": "reject-publish" },
    });
    const direct = broker.publisher<{ n: number }>({ exchange: "" });
    assert.equal(await kindOf(direct.send({ n: 1 }, { routingKey: queue })), "sent");
    assert.equal(await kindOf(direct.send({ n: 2 }, { routingKey: queue })), "nacked");
    assert.equal(await kindOf(direct.send({ n: 3 }, { routingKey: `${queue}.none` })), "returned");
    const cyclic: { n: number; self?: unknown } = { n: 4 };
    cyclic.self = cyclic;
    assert.equal(await kindOf(direct.send(cyclic, { routingKey: queue })), "invalid");
    const missing = broker.publisher({ exchange: `${queue}.no-such-exchange` });
    assert.equal(await kindOf(missing.send({ n: 5 })), "refused");
    // The channel the broker closed for the missing exchange is not the publisher's: it goes on.
    assert.equal(await kindOf(direct.send({ n: 6 }, { routingKey: `${queue}.none` })), "returned");
    assert.equal((await broker.inspectQueue(queue))?.messageCount, 1);
    await broker.deleteQueue(queue);
  } finally {
    await broker.close();
  }
  assert.equal(
    await kindOf(broker.publisher({ exchange: "" }).send({ n: 7 }, { routingKey: queue })),
    "closed",
  );
});

Deno.test("a declaration that does not match what exists is refused, naming the argument", async () => {
  const queue = uniqueName("declare-mismatch");
  const broker = await Broker.connect({ url: AMQP_URL, name: "declare mismatch" });
  try {
    await broker.declareQueue(queue, { type: "quorum" });
    const refused = await broker.declareQueue(queue, { type: "classic" }).catch((e) => e);
    assert.ok(refused instanceof MessagingError && refused.kind === "refused", String(refused));
    assert.match(refused.message, /x-queue-type/);
  } finally {
    await broker.deleteQueue(queue).catch(() => {});
    await broker.close();
  }
});

Deno.test("consume: a body that is not JSON is dead-lettered at once, to a queue of any name", async () => {
  const queue = uniqueName("not-json");
  const dlq = uniqueName("rejects");
  const broker = await Broker.connect({ url: AMQP_URL, name: "not json" });
  try {
    await broker.declareQueue(queue);
    const raw = broker.publisher({ exchange: "", json: false });
    await raw.send("{not json", { routingKey: queue, messageId: "bad-1" });
    await broker.publisher({ exchange: "" }).send({ ok: true }, { routingKey: queue });
    const bodies: unknown[] = [];
    const worker = await broker.consume(queue, { retries: 3, deadLetterQueue: dlq }, (body) => {
      bodies.push(body);
    });
    await eventually(
      "the bad body in the dead-letter queue",
      async () =>
        (await broker.inspectQueue(dlq))?.messageCount === 1 && bodies.length === 1
          ? true
          : undefined,
    );
    const counts = await worker.stop();
    assert.deepEqual(bodies, [{ ok: true }]);
    assert.deepEqual([counts.consumed, counts.retried, counts.deadLettered], [1, 0, 1]);
    const conn = new SafeAmqpClient(AMQP_URL);
    await conn.connect();
    try {
      const letter = await (await conn.channel()).basicGet(dlq, { noAck: true });
      assert.equal(letter?.properties.messageId, "bad-1");
      assert.match(String(letter?.properties.headers?.["x-error"]), /not JSON/);
    } finally {
      await conn.close();
    }
  } finally {
    await broker.deleteQueue(queue).catch(() => {});
    await broker.deleteQueue(dlq).catch(() => {});
    await broker.close();
  }
});

Deno.test({
  name:
    "a dropped link: the exclusive queue is declared again, the consumer resubscribed, and sends go on",
  sanitizeResources: false,
  fn: async () => {
    const target = new URL(AMQP_URL);
    const proxy = new TcpProxy({ hostname: target.hostname, port: Number(target.port || 5672) });
    const viaProxy = new URL(AMQP_URL);
    viaProxy.port = String(proxy.port);
    const events: string[] = [];
    const broker = await Broker.connect({
      url: viaProxy.href,
      name: "dropped link",
      onLost: () => events.push("lost"),
      onBack: () => events.push("back"),
    });
    const queue = uniqueName("exclusive");
    try {
      await broker.declareQueue(queue, { exclusive: true, durable: false, autoDelete: false });
      const got: number[] = [];
      const worker = await broker.consume<{ n: number }>(queue, {}, ({ n }) => void got.push(n));
      const send = broker.publisher<{ n: number }>({ exchange: "" });
      await send.send({ n: 1 }, { routingKey: queue });
      await eventually("the first message", () => (got.length === 1 ? true : undefined));

      proxy.dropAll();
      // Sent while the link is down: it waits for the new connection, where the queue is again.
      await send.send({ n: 2 }, { routingKey: queue });
      await eventually("the second message", () => (got.length === 2 ? true : undefined));
      assert.deepEqual(got, [1, 2]);
      assert.deepEqual(events, ["lost", "back"]);
      assert.ok(proxy.dropped > 0);
      assert.equal((await worker.stop()).consumed, 2);
    } finally {
      await broker.close();
      await proxy.close();
    }
  },
});
