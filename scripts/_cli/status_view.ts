/**
 * The terminal rendering of a snapshot: a summary box, a card per queue, the nodes, the
 * consumers and the connections. Pure: a snapshot in, lines out (with or without colour).
 * Every name in a snapshot was chosen by someone else (queues, nodes, client names, users,
 * peers, the broker's own texts): each is made safe for a terminal before it is measured or
 * padded.
 */
import {
  formatBytes,
  formatBytesRate,
  formatCount,
  formatRate,
  fullStatistics,
  type NodeSnapshot,
  type QueueSnapshot,
  type QueueStatus,
  type Snapshot,
  terminalSafe as safe,
  UNKNOWN,
} from "../../lib/shared/mod.ts";

/** ANSI styling, or none (NO_COLOR, or not a terminal). */
export interface Palette {
  status: (status: QueueStatus, text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

/** Colours for a terminal. */
export const COLOR: Palette = {
  status: (s, t) => `\x1b[${s === "ok" ? 32 : s === "warn" ? 33 : 31}m${t}\x1b[0m`,
  dim: (t) => `\x1b[2m${t}\x1b[0m`,
  bold: (t) => `\x1b[1m${t}\x1b[0m`,
};

/** No escape codes at all. */
export const PLAIN: Palette = { status: (_s, t) => t, dim: (t) => t, bold: (t) => t };

/** Visible width of a string (escape codes take no room). */
function width(text: string): number {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

function pad(text: string, size: number): string {
  return text + " ".repeat(Math.max(0, size - width(text)));
}

/**
 * Renders `snapshot` as terminal lines.
 *
 * @example
 * ```ts
 * console.log(renderStatus(snapshot, PLAIN).join("\n"));
 * ```
 */
export function renderStatus(snapshot: Snapshot, p: Palette): string[] {
  const t = snapshot.totals;
  const lines: string[] = [];
  // Figures only the management API's statistics give: unknown, never a made-up zero.
  const full = fullStatistics(snapshot);
  const known = (text: string) => full ? text : UNKNOWN;
  const title = ` RabbitMQ${snapshot.version ? ` ${safe(snapshot.version)}` : ""} · ${
    new Date(snapshot.at).toLocaleTimeString()
  } `;
  // Without a listing, AMQP knows the queues named to it, not the vhost's.
  const listed = (text: string) => full || snapshot.statisticsOff ? text : UNKNOWN;
  const summary = [
    `queues ${p.bold(listed(String(t.queues)))}`,
    `consumers ${p.bold(listed(String(t.consumers)))}`,
    `connections ${p.bold(known(String(t.connections)))}`,
    `ready ${p.bold(listed(formatCount(t.ready)))}`,
    `unacked ${p.bold(known(formatCount(t.unacked)))}`,
    `active ${p.bold(known(String(t.active)))}`,
  ].join("   ");
  const inner = Math.max(width(summary), width(title)) + 2;
  lines.push(`┌${title}${"─".repeat(inner - width(title))}┐`);
  lines.push(`│ ${pad(summary, inner - 1)}│`);
  lines.push(`└${"─".repeat(inner)}┘`);
  if (snapshot.problem) lines.push(p.status("critical", `! ${safe(snapshot.problem)}`));

  if (snapshot.queues.length === 0) lines.push(p.dim("no queues"));
  const names = snapshot.queues.map((q) => safe(q.name));
  const nameWidth = Math.min(40, Math.max(10, ...names.map((name) => name.length)));
  for (const [i, q] of snapshot.queues.entries()) {
    lines.push(
      `${p.status(q.status, "●")} ${p.bold(pad(names[i], nameWidth))}  ${known(q.activity)}`,
    );
    lines.push(
      `  ready ${pad(formatCount(q.ready), 6)} unacked ${
        pad(known(formatCount(q.unacked)), 6)
      } total ${pad(known(formatCount(q.total)), 6)}` +
        `  publish ${pad(known(formatRate(q.rates.publish)), 8)} deliver ${
          pad(known(formatRate(q.rates.deliver)), 8)
        } ack ${pad(known(formatRate(q.rates.ack)), 8)}` +
        `  consumers ${q.consumers}`,
    );
    if (q.members) lines.push(`  ${p.dim(safe(replicasLine(q), { maxLength: Infinity }))}`);
  }

  if (snapshot.nodes.length > 0) {
    lines.push("", p.bold("Nodes"));
    const nodeWidth = Math.max(...snapshot.nodes.map((n) => safe(n.name).length));
    for (const n of snapshot.nodes) lines.push(nodeLine(n, nodeWidth, p));
  }

  const consuming = snapshot.channels.filter((ch) => ch.consumers > 0);
  if (consuming.length) {
    lines.push("", p.bold("Consumers"));
    for (const ch of consuming) {
      const name = ch.clientName ? `${safe(ch.clientName)} ${p.dim(safe(ch.name))}` : safe(ch.name);
      lines.push(
        `  ${pad(name, 44)} ${ch.consumers} consumer${
          ch.consumers === 1 ? "" : "s"
        }  prefetch ${ch.prefetch}` +
          `  unacked ${ch.unacked}  deliver ${formatRate(ch.rates.deliver)}  ack ${
            formatRate(ch.rates.ack)
          }`,
      );
    }
  }
  if (snapshot.connections.length) {
    lines.push("", p.bold("Connections"));
    for (const c of snapshot.connections) {
      lines.push(
        `  ${pad(c.clientName ? safe(c.clientName) : p.dim("(unnamed)"), 28)} ${
          pad(safe(c.user), 8)
        } ${pad(safe(c.peer), 22)} ${c.channels} ch` +
          `  in ${formatBytesRate(c.recvBytesRate)}  out ${formatBytesRate(c.sendBytesRate)}`,
      );
    }
  }
  return lines;
}

/** `quorum leader a@h · replicas a@h, b@h, c@h (down: c@h)` */
function replicasLine(q: QueueSnapshot): string {
  const { type, leader, members = [], online = members } = q;
  const down = members.filter((m) => !online.includes(m));
  return `${type} leader ${leader ?? "none"} · replicas ${members.join(", ")}${
    down.length ? ` (down: ${down.join(", ")})` : ""
  }`;
}

function nodeLine(n: NodeSnapshot, nameWidth: number, p: Palette): string {
  const name = safe(n.name);
  if (!n.running) {
    return `${p.status("critical", "●")} ${pad(name, nameWidth)}  ${p.status("critical", "down")}`;
  }
  const alarms = n.alarms.length
    ? p.status("critical", `  ALARM ${safe(n.alarms.join(", "), { maxLength: Infinity })}`)
    : "";
  // A broker without management statistics lists its nodes without their figures.
  if (n.memLimit === 0) return `${p.status("ok", "●")} ${pad(name, nameWidth)}  running`;
  return `${p.status(n.alarms.length ? "critical" : "ok", "●")} ${pad(name, nameWidth)}  running` +
    `  memory ${formatBytes(n.memUsed)} of ${formatBytes(n.memLimit)}` +
    `  disk free ${formatBytes(n.diskFree)} (limit ${formatBytes(n.diskFreeLimit)})` +
    `  fd ${n.fdUsed}/${n.fdTotal}${alarms}`;
}
