/**
 * Every basic property AMQP 0-9-1 defines (the fourteen, cluster_id among them), published by
 * another client (pika) all at once and each alone, shown with its value on every path that
 * reads messages: the monitor's Get, its live feed and the page's browser consumer,
 * `consume --show`, and our client's basic.get and basic.return. A message carrying
 * cluster_id used to break every Get of its queue and close the monitor's shared connection;
 * here Gets of it leave a browser consumer and a live feed on other queues delivering, and a
 * message whose properties arrive damaged is refused for that one Get, naming it.
 */
import assert from "node:assert/strict";
import type { AMQPMessage } from "@cloudamqp/amqp-client";
import { encodeProperties, publishRaw, SafeAmqpClient } from "../lib/amqp/mod.ts";
import type { InspectedMessage, JsonValue } from "../lib/shared/mod.ts";
import { EVERY_PROPERTY, publishEveryProperty } from "./foreign_client.ts";
import {
  AMQP_URL,
  eventually,
  management,
  queueDepth,
  runScript,
  uniqueName,
  withConnection,
} from "./helpers.ts";
import { readEvents, type SseEvent, startTestMonitor } from "./monitor_helpers.ts";
import { proxiedBroker } from "./tcp_proxy.ts";

/** Messages pika publishes: one with every property, then one per property. */
const PUBLISHED = 1 + Object.keys(EVERY_PROPERTY).length;

/** How the monitor shows EVERY_PROPERTY: the timestamp as ISO text, headers on their own. */
const { headers: SHOWN_HEADERS, ...SHOWN_PROPERTIES } = {
  ...EVERY_PROPERTY,
  timestamp: new Date(EVERY_PROPERTY.timestamp * 1000).toISOString(),
} as Record<string, JsonValue>;

/** A direct exchange and queues bound to it by their short names, deleted after `fn`. */
async function withTopology(
  prefix: string,
  names: string[],
  fn: (exchange: string, queues: Record<string, string>) => Promise<void>,
): Promise<void> {
  const base = uniqueName(prefix);
  const exchange = `${base}.x`;
  const queues = Object.fromEntries(names.map((n) => [n, `${base}.${n}`]));
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    await ch.exchangeDeclare(exchange, "direct", { durable: false });
    for (const [key, queue] of Object.entries(queues)) {
      await ch.queueDeclare(queue, { durable: false });
      await ch.queueBind(queue, exchange, key);
    }
  });
  try {
    await fn(exchange, queues);
  } finally {
    for (const queue of Object.values(queues)) await management.deleteQueue(queue);
    await management.deleteExchange(exchange);
  }
}

/** Asserts that the messages pika published are all there, each property with its value. */
function assertEveryPropertyShown(messages: InspectedMessage[]): void {
  const byBody = new Map(messages.map((m) => [m.body, m]));
  assert.equal(byBody.size, PUBLISHED, `bodies: ${[...byBody.keys()].join(", ")}`);
  const all = byBody.get("all")!;
  assert.deepEqual({ ...all.properties }, SHOWN_PROPERTIES, "every property at once");
  assert.deepEqual({ ...all.headers }, SHOWN_HEADERS);
  for (const name of Object.keys(EVERY_PROPERTY)) {
    const one = byBody.get(name);
    assert.ok(one, `the message with ${name} alone`);
    assert.equal(one.problem, undefined, name);
    if (name === "headers") {
      assert.deepEqual({ ...one.properties }, {}, name);
      assert.deepEqual({ ...one.headers }, SHOWN_HEADERS, name);
    } else {
      assert.deepEqual({ ...one.properties }, { [name]: SHOWN_PROPERTIES[name] }, name);
      assert.deepEqual({ ...one.headers }, {}, name);
    }
  }
  assert.equal(all.problem, undefined);
}

/** The monitor's Get of up to `count` messages: its status and answer. */
async function getMessages(
  monitorUrl: string,
  queue: string,
  count = 20,
): Promise<{ status: number; messages: InspectedMessage[]; error?: string }> {
  const response = await fetch(
    `${monitorUrl}/api/queues/${encodeURIComponent(queue)}/messages?count=${count}`,
  );
  return { status: response.status, ...(await response.json()) };
}

/** A page's browser consumer through the monitor's API, its lines read as they come. */
async function browserConsumer(monitorUrl: string, queue: string) {
  const controller = new AbortController();
  const response = await fetch(
    `${monitorUrl}/api/queues/${encodeURIComponent(queue)}/consume?prefetch=50`,
    { method: "POST", signal: controller.signal },
  );
  if (response.status !== 200) assert.fail(`consume: ${response.status} ${await response.text()}`);
  const lines: { type: string; message?: InspectedMessage; error?: string }[] = [];
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n")) >= 0) {
        lines.push(JSON.parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 1);
      }
    }
  })().catch(() => {}); // aborted
  return {
    lines,
    messages: () => lines.flatMap((l) => l.type === "message" ? [l.message!] : []),
    ended: () => lines.find((l) => l.type === "ended"),
    stop: async () => {
      controller.abort();
      await reading;
    },
  };
}

/** The messages of a feed's `messages` events. */
function feedMessages(events: SseEvent[]): InspectedMessage[] {
  return events.filter((e) => e.event === "messages")
    .flatMap((e) => JSON.parse(e.data).messages as InspectedMessage[]);
}

Deno.test("Get shows all fourteen properties of another client's messages, at once and each alone", async () => {
  await withTopology("props.get", ["held"], async (exchange, { held }) => {
    assert.equal((await publishEveryProperty(exchange, "held")).length, PUBLISHED);
    const monitor = await startTestMonitor({ publishExchanges: [exchange] });
    try {
      for (const round of ["first", "again"]) {
        const got = await getMessages(monitor.url, held);
        assert.equal(got.status, 200, `${round}: ${got.error}`);
        assertEveryPropertyShown(got.messages);
      }
      assert.equal(await queueDepth(held), PUBLISHED, "the queue keeps every message");
    } finally {
      await monitor.close();
    }
  });
});

Deno.test("the live feed shows all fourteen properties of another client's messages", async () => {
  await withTopology("props.feed", ["watched"], async (exchange, { watched }) => {
    const monitor = await startTestMonitor({ publishExchanges: [exchange] });
    try {
      const events = await readEvents(
        `${monitor.url}/api/feed?queue=${encodeURIComponent(watched)}`,
        (events) => feedMessages(events).length >= PUBLISHED,
        30_000,
        async () => void await publishEveryProperty(exchange, "watched"),
      );
      assertEveryPropertyShown(feedMessages(events));
    } finally {
      await monitor.close();
    }
  });
});

Deno.test("the page's browser consumer shows all fourteen properties of another client's messages", async () => {
  await withTopology("props.consumer", ["consumed"], async (exchange, { consumed }) => {
    await publishEveryProperty(exchange, "consumed");
    const monitor = await startTestMonitor({ publishExchanges: [exchange] });
    const consumer = await browserConsumer(monitor.url, consumed);
    try {
      await eventually(
        "every message through the browser consumer",
        () => consumer.messages().length >= PUBLISHED || undefined,
        20_000,
        () => JSON.stringify(consumer.lines.at(-1)),
      );
      assertEveryPropertyShown(consumer.messages());
      assert.equal(consumer.ended(), undefined);
      await eventually(
        "the queue emptied (acked)",
        async () => await queueDepth(consumed) === 0 || undefined,
      );
    } finally {
      await consumer.stop();
      await monitor.close();
    }
  });
});

Deno.test("consume --show prints all fourteen properties of another client's messages", async () => {
  await withTopology("props.consume", ["work"], async (exchange, { work }) => {
    await publishEveryProperty(exchange, "work");
    const run = await runScript("consume", [
      "--queue",
      work,
      "--expect",
      String(PUBLISHED),
      "--show",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const lines = new Map(
      [...run.stdout.matchAll(/^foreign (.*) body=(.*)$/gm)].map((m) => [m[2], m[1]]),
    );
    const shown = (name: string, value: JsonValue) =>
      `${name}=${typeof value === "string" ? value : JSON.stringify(value)}`;
    const expected = Object.entries({ ...SHOWN_PROPERTIES, headers: SHOWN_HEADERS });
    const order = Object.keys(EVERY_PROPERTY);
    expected.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    assert.equal(lines.get("all"), expected.map(([n, v]) => shown(n, v)).join(" "), run.stdout);
    for (const [name, value] of expected) {
      assert.equal(lines.get(name), shown(name, value), run.stdout);
    }
    assert.equal(lines.size, PUBLISHED, run.stdout);
  });
});

Deno.test("our client's basic.get and basic.return read the cluster id and keep the connection", async () => {
  await withTopology("props.client", ["held"], async (exchange, { held }) => {
    await publishEveryProperty(exchange, "held");
    const client = new SafeAmqpClient(AMQP_URL);
    await client.connect();
    try {
      const ch = await client.channel();
      const got: AMQPMessage[] = [];
      for (let msg; (msg = await ch.basicGet(held, { noAck: true }));) got.push(msg);
      assert.equal(got.length, PUBLISHED);
      const clusterIds = got.map((
        m,
      ) => [m.bodyToString(), (m.properties as { clusterId?: string }).clusterId]);
      assert.deepEqual(
        clusterIds.filter(([, id]) => id !== undefined),
        [["all", "cl"], ["cluster_id", "cl"]],
      );
      assert.equal(got[0].properties.appId, "billing", "and the fields before it");

      // A returned message's content header is read by the same reader.
      const returned = Promise.withResolvers<AMQPMessage>();
      ch.onReturn = (msg) => returned.resolve(msg);
      await ch.confirmSelect();
      const properties = encodeProperties({ appId: "ret" });
      const withClusterId = new Uint8Array([...properties, 2, 0x63, 0x6c]);
      withClusterId[1] |= 0x04;
      await publishRaw(ch, {
        exchange,
        routingKey: "nowhere",
        body: new TextEncoder().encode("returned"),
        properties: withClusterId,
        mandatory: true,
      });
      const back = await returned.promise;
      assert.deepEqual(back.properties, { appId: "ret", clusterId: "cl" });
      assert.equal(back.bodyToString(), "returned");
      assert.equal(client.closed, false, "the connection stayed open");
      assert.equal(await ch.queueDeclare(held, { passive: true }).then((q) => q.messageCount), 0);
    } finally {
      await client.close().catch(() => {});
    }
  });
});

Deno.test("Gets of a cluster_id message leave a browser consumer and a live feed on other queues delivering", async () => {
  await withTopology(
    "props.shared",
    ["held", "consumed", "watched"],
    async (exchange, { held, consumed, watched }) => {
      await publishEveryProperty(exchange, "held");
      const monitor = await startTestMonitor({ publishExchanges: [exchange] });
      const consumer = await browserConsumer(monitor.url, consumed);
      let feed: SseEvent[] = [];
      const feedReady = Promise.withResolvers<void>();
      const feedRead = readEvents(
        `${monitor.url}/api/feed?queue=${encodeURIComponent(watched)}`,
        (events) => (feed = events, feedMessages(events).length >= 2),
        60_000,
        () => feedReady.resolve(),
      );
      const publishTo = (keys: string[], body: string) =>
        withConnection(async (conn) => {
          const ch = await conn.channel();
          await ch.confirmSelect();
          for (const key of keys) await ch.basicPublish(exchange, key, body);
        });
      const delivered = (body: string) =>
        eventually(
          `'${body}' through the browser consumer and the live feed`,
          () =>
            consumer.messages().some((m) => m.body === body) &&
              feedMessages(feed).some((m) => m.body === body) || undefined,
          20_000,
          () => `consumer: ${JSON.stringify(consumer.lines)}; feed: ${JSON.stringify(feed)}`,
        );
      try {
        await feedReady.promise;
        await publishTo(["consumed", "watched"], "before");
        await delivered("before");
        for (let i = 0; i < 3; i++) {
          const got = await getMessages(monitor.url, held, 1);
          assert.equal(got.status, 200, got.error);
          assert.equal(got.messages[0].properties.cluster_id, "cl", "shown");
        }
        await publishTo(["consumed", "watched"], "after");
        await delivered("after");
        assert.equal(consumer.ended(), undefined, "the browser consumer goes on");
        await feedRead;
      } finally {
        await consumer.stop();
        await monitor.close();
        await feedRead.catch(() => {});
      }
    },
  );
});

Deno.test("a message whose properties arrive damaged is refused for that Get alone, naming it and why", async () => {
  await withTopology(
    "props.damaged",
    ["damaged", "consumed"],
    async (exchange, { damaged, consumed }) => {
      await withConnection(async (conn) => {
        const ch = await conn.channel();
        await ch.confirmSelect();
        await ch.basicPublish(exchange, "damaged", "damaged", {
          headers: { "zz-damaged": "x" },
          messageId: "damaged-1",
          appId: "after-the-headers",
        });
      });
      // On the way to the monitor the header's type tag "S" becomes "?", which AMQP does not define.
      const { proxy, url } = proxiedBroker(AMQP_URL);
      const name = new TextEncoder().encode("\x0azz-damaged");
      proxy.rewriteFromBroker(new Uint8Array([...name, 0x53]), new Uint8Array([...name, 0x3f]));
      const monitor = await startTestMonitor({ amqpUrl: url, publishExchanges: [exchange] });
      const consumer = await browserConsumer(monitor.url, consumed);
      try {
        const refused = await getMessages(monitor.url, damaged);
        assert.equal(refused.status, 502, JSON.stringify(refused));
        assert.match(
          refused.error ?? "",
          /^message 1 from the head of queue '[^']+' \(message id 'damaged-1', exchange '[^']+', routing key 'damaged'\) has properties that cannot be read: the header table could not be read \(Field type '63' not supported\)\. It was handed back/,
        );
        assert.equal(await queueDepth(damaged), 1, "the message stays in the queue");
        await withConnection(async (conn) => {
          const ch = await conn.channel();
          await ch.confirmSelect();
          await ch.basicPublish(exchange, "consumed", "still here");
        });
        await eventually(
          "the browser consumer on the same connection still delivering",
          () => consumer.messages().some((m) => m.body === "still here") || undefined,
        );
        assert.equal(consumer.ended(), undefined);

        // A page consuming it sees what could be read and why the rest could not.
        const reader = await browserConsumer(monitor.url, damaged);
        try {
          const [shown] = await eventually(
            "the damaged message through a browser consumer",
            () => reader.messages().length ? reader.messages() : undefined,
          );
          assert.equal(shown.properties.message_id, "damaged-1");
          assert.equal(shown.properties.app_id, "after-the-headers");
          assert.match(shown.problem ?? "", /header table could not be read/);
        } finally {
          await reader.stop();
        }
      } finally {
        await consumer.stop();
        await monitor.close();
        await proxy.close();
      }
    },
  );
});
