/**
 * The monitor's picture in Prometheus' text exposition format (version 0.0.4): queue depth,
 * rates and consumers, connections, node memory, disk and alarms, and the monitor's own taps and
 * viewers. What the snapshot does not know (rates and unacked counts while the management API is
 * down) is left out rather than reported as zero.
 */
import type { Snapshot } from "../shared/mod.ts";

/** The monitor's own figures, beside the broker's. */
export interface MonitorFigures {
  /** Browsers on the snapshot stream. */
  viewers: number;
  /** Live-feed tap queues open. */
  feedTaps: number;
  /** Consumers pages run. */
  browserConsumers: number;
  /** Management polls since the monitor started. */
  polls: number;
}

/** One metric family: name, type, help, and its samples (labels and value). */
interface Family {
  name: string;
  type: "gauge" | "counter";
  help: string;
  samples: [labels: Record<string, string>, value: number][];
}

const PREFIX = "rabbitmq_monitor_";

/**
 * The exposition text for a snapshot and the monitor's own figures.
 *
 * @example
 * ```ts
 * const text = prometheusText(await poller.latest(), { viewers: 1, feedTaps: 0,
 *   browserConsumers: 0, polls: 10 });
 * // "# HELP rabbitmq_monitor_up …\n# TYPE rabbitmq_monitor_up gauge\n…"
 * ```
 */
export function prometheusText(snapshot: Snapshot, figures: MonitorFigures): string {
  return [...brokerFamilies(snapshot), ...monitorFamilies(snapshot, figures)]
    .filter((f) => f.samples.length > 0)
    .map(render)
    .join("");
}

function brokerFamilies(s: Snapshot): Family[] {
  const full = s.source === "management";
  // The vhost too: one Prometheus may scrape a monitor per vhost, and names repeat across them.
  const queue = (q: Snapshot["queues"][number]) => ({
    vhost: s.vhost ?? "/",
    queue: q.name,
    type: q.type,
  });
  const perQueue = (
    name: string,
    help: string,
    value: (q: Snapshot["queues"][number]) => number,
    known = true,
  ): Family => ({
    name,
    type: "gauge",
    help,
    samples: known ? s.queues.map((q) => [queue(q), value(q)]) : [],
  });
  return [
    perQueue("queue_messages_ready", "Messages ready for delivery.", (q) => q.ready),
    perQueue(
      "queue_messages_unacked",
      "Messages delivered, not yet acked.",
      (q) => q.unacked,
      full,
    ),
    perQueue("queue_messages", "Ready plus unacked messages.", (q) => q.total, full),
    perQueue("queue_consumers", "Consumers subscribed.", (q) => q.consumers),
    perQueue("queue_publish_rate", "Messages published per second.", (q) => q.rates.publish, full),
    perQueue("queue_deliver_rate", "Messages delivered per second.", (q) => q.rates.deliver, full),
    perQueue("queue_ack_rate", "Messages acked per second.", (q) => q.rates.ack, full),
    {
      name: "connections",
      type: "gauge",
      help: "Client connections.",
      samples: full ? [[{}, s.totals.connections]] : [],
    },
    {
      name: "channels",
      type: "gauge",
      help: "Channels of all connections.",
      samples: full ? [[{}, s.channels.length]] : [],
    },
    ...nodeFamilies(s),
  ];
}

function nodeFamilies(s: Snapshot): Family[] {
  type Node = Snapshot["nodes"][number];
  // A node that is down reports nothing but its name: its other figures are left out.
  const running = s.nodes.filter((n) => n.running);
  const perNode = (name: string, help: string, value: (n: Node) => number, nodes = running) => ({
    name,
    type: "gauge" as const,
    help,
    samples: nodes.map((n): [Record<string, string>, number] => [{ node: n.name }, value(n)]),
  });
  return [
    perNode(
      "node_running",
      "1 when the node runs, 0 when it is down.",
      (n) => n.running ? 1 : 0,
      s.nodes,
    ),
    perNode("node_mem_used_bytes", "Memory the node uses.", (n) => n.memUsed),
    perNode("node_mem_limit_bytes", "The node's memory high watermark.", (n) => n.memLimit),
    perNode("node_disk_free_bytes", "Free disk where the node keeps its data.", (n) => n.diskFree),
    perNode("node_disk_free_limit_bytes", "The node's free disk limit.", (n) => n.diskFreeLimit),
    perNode("node_fd_used", "File descriptors in use.", (n) => n.fdUsed),
    {
      name: "node_alarm",
      type: "gauge",
      help: "1 for each resource alarm in force (memory, disk): publishers are blocked.",
      samples: running.flatMap((n) =>
        (["memory", "disk"] as const).map((alarm): [Record<string, string>, number] => [
          { node: n.name, alarm },
          n.alarms.includes(alarm) ? 1 : 0,
        ])
      ),
    },
  ];
}

function monitorFamilies(s: Snapshot, f: MonitorFigures): Family[] {
  const one = (name: string, type: Family["type"], help: string, value: number): Family => ({
    name,
    type,
    help,
    samples: [[{}, value]],
  });
  return [
    one(
      "up",
      "gauge",
      "1 when the broker answered the last poll (AMQP or management).",
      s.unreachable ? 0 : 1,
    ),
    one(
      "management_up",
      "gauge",
      "1 when the management API answered the last poll (with statistics or, where the broker collects none, without), 0 when the numbers came from AMQP alone.",
      (s.source === "management" || s.statisticsOff) && !s.unreachable ? 1 : 0,
    ),
    one(
      "snapshot_timestamp_seconds",
      "gauge",
      "When the snapshot was taken (Unix time).",
      s.at / 1000,
    ),
    one("polls_total", "counter", "Management polls since the monitor started.", f.polls),
    one("viewers", "gauge", "Browsers on the live snapshot stream.", f.viewers),
    one("feed_taps", "gauge", "Live-feed tap queues open.", f.feedTaps),
    one("browser_consumers", "gauge", "Consumers run for pages.", f.browserConsumers),
  ];
}

/** One family as exposition text: HELP, TYPE, then a line per sample. */
function render(f: Family): string {
  const name = PREFIX + f.name;
  const lines = [`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`];
  for (const [labels, value] of f.samples) {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
    lines.push(`${name}${pairs.length ? `{${pairs.join(",")}}` : ""} ${formatValue(value)}`);
  }
  return lines.join("\n") + "\n";
}

/** A label value as the format wants it: backslash, double quote and newline escaped. */
function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(value);
}
