/**
 * `GET /metrics` as Prometheus reads it: parsed by another implementation of the text format,
 * against the real broker, with a hostile queue name, with the management API down, and behind
 * a token (401 for a scraper without it).
 */
import assert from "node:assert/strict";
import parsePrometheus from "parse-prometheus-text-format";
import {
  AMQP_URL,
  eventually,
  management,
  produceOk,
  testTopology,
  withConnection,
} from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

interface ParsedFamily {
  name: string;
  help: string;
  type: string;
  metrics: { value: string; labels?: Record<string, string> }[];
}

async function scrape(url: string, token?: string): Promise<Map<string, ParsedFamily>> {
  const response = await fetch(`${url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const families: ParsedFamily[] = parsePrometheus(text);
  for (const f of families) {
    assert.ok(f.help.length > 0, `${f.name} has HELP`);
    assert.ok(["GAUGE", "COUNTER"].includes(f.type), `${f.name} has TYPE`);
  }
  return new Map(families.map((f) => [f.name, f]));
}

function valueOf(family: ParsedFamily | undefined, labels: Record<string, string> = {}): number {
  const sample = family?.metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)
  );
  return sample ? Number(sample.value) : NaN;
}

Deno.test("/metrics: queue depth, consumers, nodes and the monitor itself, in the text format", async () => {
  const t = testTopology("metrics");
  // A name with a quote, a backslash and a space: legal for RabbitMQ, escaped in a label.
  const hostile = `${t.queue}.he said "hi" \\ ok`;
  const monitor = await startTestMonitor();
  try {
    await produceOk([...t.flags, "--count", "42"]);
    // The connection stays open while scraping, so the monitor counts at least one.
    const families = await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.queueDeclare(hostile, { autoDelete: false });
      await ch.basicPublish("", hostile, "x");
      return await eventually("the queues and the connection in /metrics", async () => {
        const f = await scrape(monitor.url);
        const ready = f.get("rabbitmq_monitor_queue_messages_ready");
        return valueOf(ready, { queue: t.queue }) === 42 &&
            valueOf(ready, { queue: hostile }) === 1 &&
            valueOf(f.get("rabbitmq_monitor_connections")) >= 1
          ? f
          : undefined;
      });
    });
    assert.equal(valueOf(families.get("rabbitmq_monitor_queue_messages"), { queue: t.queue }), 42);
    const vhost = new URL(AMQP_URL).pathname.slice(1);
    assert.equal(
      valueOf(families.get("rabbitmq_monitor_queue_messages_ready"), {
        vhost: vhost ? decodeURIComponent(vhost) : "/",
        queue: t.queue,
      }),
      42,
      "each queue sample names its vhost",
    );
    assert.equal(valueOf(families.get("rabbitmq_monitor_queue_consumers"), { queue: t.queue }), 0);
    assert.ok(families.has("rabbitmq_monitor_queue_publish_rate"));
    assert.equal(valueOf(families.get("rabbitmq_monitor_up")), 1);
    assert.equal(valueOf(families.get("rabbitmq_monitor_management_up")), 1);
    const node = families.get("rabbitmq_monitor_node_running")!.metrics[0];
    assert.equal(node.value, "1");
    assert.ok(valueOf(families.get("rabbitmq_monitor_node_mem_used_bytes")) > 0);
    assert.equal(
      valueOf(families.get("rabbitmq_monitor_node_alarm"), { alarm: "memory" }),
      0,
    );
    assert.equal(families.get("rabbitmq_monitor_polls_total")?.type, "COUNTER");
    assert.ok(families.has("rabbitmq_monitor_viewers"));
  } finally {
    await monitor.close();
    await management.deleteQueue(hostile);
    await t.cleanup();
  }
});

Deno.test("/metrics with the management API down: what AMQP cannot tell is left out, not zero", async () => {
  const monitor = await startTestMonitor({ managementUrl: "http://127.0.0.1:9" });
  try {
    const families = await eventually("a snapshot without the management API", async () => {
      const f = await scrape(monitor.url);
      return f.has("rabbitmq_monitor_management_up") &&
          valueOf(f.get("rabbitmq_monitor_management_up")) === 0
        ? f
        : undefined;
    });
    for (
      const name of [
        "queue_publish_rate",
        "queue_messages_unacked",
        "queue_messages",
        "connections",
      ]
    ) {
      assert.ok(!families.has(`rabbitmq_monitor_${name}`), `${name} is unknown, so absent`);
    }
  } finally {
    await monitor.close();
  }
});

Deno.test("/metrics behind a token: 401 with a bearer challenge without it, the scrape with it", async () => {
  const token = `tok-${crypto.randomUUID()}`;
  const monitor = await startTestMonitor({ token });
  try {
    for (const authorization of [undefined, "Bearer not-the-token", `Basic ${btoa(token)}`]) {
      const refused = await fetch(`${monitor.url}/metrics`, {
        headers: authorization ? { authorization } : {},
        redirect: "manual",
      });
      assert.equal(refused.status, 401, `${authorization}: not a redirect to a login page`);
      assert.match(refused.headers.get("www-authenticate") ?? "", /^Bearer\b/);
      await refused.body?.cancel();
    }
    const families = await eventually("a scrape with the bearer token", async () => {
      const f = await scrape(monitor.url, token);
      return f.has("rabbitmq_monitor_up") ? f : undefined;
    });
    assert.equal(valueOf(families.get("rabbitmq_monitor_up")), 1);
    const page = await fetch(`${monitor.url}/`, { redirect: "manual" });
    assert.equal(page.status, 302, "pages keep their login form");
    assert.equal(page.headers.get("location"), "/login");
    await page.body?.cancel();
  } finally {
    await monitor.close();
  }
});
