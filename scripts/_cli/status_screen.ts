/**
 * The full-screen terminal view of `deno task status`: exactly one screen of lines, none wider
 * than the terminal, the summary and the broker's nodes (memory and disk against their limits,
 * alarms in red) always on top, the queues one per line sorted (deepest first by default),
 * filtered and paged, the keys on the last line. Long names are shortened in the middle, so
 * both ends stay; the name column is as wide as the names shown need. Pure: a snapshot and the view's
 * state in, lines out. Columns a narrow terminal cannot hold are dropped, least useful first.
 * Names and the broker's texts are made safe for a terminal before they are measured, padded
 * or cut: a name then takes exactly the room it is given, and nothing in it acts on the
 * terminal.
 */
import {
  formatBytes,
  formatCount,
  formatRate,
  fullStatistics,
  type NodeSnapshot,
  type QueuePage,
  queuePageOrLast,
  type QueueQuery,
  type QueueSnapshot,
  type QueueSortKey,
  type Snapshot,
  terminalSafe as safe,
  UNKNOWN,
  type ViewSnapshot,
} from "../../lib/shared/mod.ts";
import type { Palette } from "./status_view.ts";

/** What the person at the terminal chose: sort, filter, page. */
export interface ScreenState {
  sort: ScreenSort;
  /** A substring of the names to show ("" for all). */
  filter: string;
  /** 1-based. */
  page: number;
  /** Typing a filter: the text so far (the last line shows it). */
  typing?: string;
  /** `r`: the sort's other way round (smallest first, or names Z to A). */
  reversed?: boolean;
}

/** The orders `s` cycles through. */
export const SCREEN_SORTS = ["depth", "name", "publish", "consumers"] as const;
/** One of {@linkcode SCREEN_SORTS}. */
export type ScreenSort = typeof SCREEN_SORTS[number];

const SORT_KEYS: Record<ScreenSort, { key: QueueSortKey; reverse: boolean }> = {
  depth: { key: "total", reverse: true },
  name: { key: "name", reverse: false },
  publish: { key: "publish", reverse: true },
  consumers: { key: "consumers", reverse: true },
};

/** The view's start: deepest queues first, no filter, the first page. */
export const INITIAL_SCREEN: ScreenState = { sort: "depth", filter: "", page: 1 };

/** A column: heading, width, how it reads a queue, and its priority (lower stays longer). */
interface Column {
  heading: string;
  width: number;
  priority: number;
  value: (q: QueueSnapshot, full: boolean) => string;
}

const known = (full: boolean, text: string) => full ? text : UNKNOWN;

/** Every column but the name, in display order. */
const COLUMNS: Column[] = [
  { heading: "ready", width: 7, priority: 1, value: (q) => formatCount(q.ready) },
  { heading: "unacked", width: 7, priority: 4, value: (q, f) => known(f, formatCount(q.unacked)) },
  { heading: "total", width: 7, priority: 2, value: (q, f) => known(f, formatCount(q.total)) },
  {
    heading: "publish",
    width: 9,
    priority: 3,
    value: (q, f) => known(f, formatRate(q.rates.publish)),
  },
  {
    heading: "deliver",
    width: 9,
    priority: 5,
    value: (q, f) => known(f, formatRate(q.rates.deliver)),
  },
  { heading: "ack", width: 9, priority: 7, value: (q, f) => known(f, formatRate(q.rates.ack)) },
  { heading: "cons", width: 5, priority: 2, value: (q) => String(q.consumers) },
  { heading: "type", width: 8, priority: 6, value: (q) => safe(q.type) },
  { heading: "state", width: 9, priority: 8, value: (q) => q.state ? safe(q.state) : UNKNOWN },
];

/** The narrowest the name column gets before other columns make room for it. */
const MIN_NAME = 16;
/** Lines that are not queue rows: title, summary, header, keys (and a problem line, nodes). */
const CHROME_LINES = 4;
/** Node lines at most; a larger cluster gets one more line that counts the rest. */
const MAX_NODE_LINES = 3;

/**
 * One screen for `snapshot`: `height` lines at most, each at most `width` characters wide, and
 * the page shown (the last one where the state asks for a page past it).
 *
 * @example
 * ```ts
 * renderScreen(snapshot, INITIAL_SCREEN, { width: 80, height: 24 }, PLAIN).lines.length; // <= 24
 * ```
 */
export function renderScreen(
  snapshot: Snapshot,
  state: ScreenState,
  size: { width: number; height: number },
  p: Palette,
): { lines: string[]; page: number } {
  const full = fullStatistics(snapshot);
  const lines = [titleLine(snapshot, p, size.width), summaryLine(snapshot, full, p, size.width)];
  lines.push(...nodeLines(snapshot.nodes, size.width, p));
  if (snapshot.problem) lines.push(p.status("critical", `! ${safe(snapshot.problem)}`));
  const rows = rowsFor(size, snapshot.problem !== undefined, nodeLineCount(snapshot));
  const { items, pages, page, matched, total } = pageOf(snapshot, state, rows);
  const columns = fitColumns(size.width);
  const room = size.width - columns.reduce((n, c) => n + c.width + 1, 0) - 2;
  // As wide as the longest name shown needs (not the whole rest of a wide terminal).
  const longest = Math.max(0, ...items.map((q) => Array.from(safe(q.name)).length));
  const nameWidth = Math.min(room, Math.max(MIN_NAME, longest));
  lines.push(p.dim(headerLine(columns, nameWidth, state)));
  for (const q of items) lines.push(queueLine(q, columns, nameWidth, full, p));
  if (items.length === 0) lines.push(p.dim("no queues"));
  while (lines.length < size.height - 1) lines.push("");
  lines.push(p.dim(keysLine(state, { page, pages, matched, total })));
  return { lines: lines.slice(0, size.height).map((line) => fit(line, size.width)), page };
}

/** Queue rows a screen of this size holds. */
function rowsFor(size: { height: number }, problem: boolean, nodes = 0): number {
  return Math.max(1, size.height - CHROME_LINES - (problem ? 1 : 0) - nodes);
}

/**
 * How many lines the nodes of a snapshot take on screen.
 *
 * @example
 * ```ts
 * nodeLineCount({ nodes: [] }); // 0
 * ```
 */
export function nodeLineCount(snapshot: Pick<Snapshot, "nodes">): number {
  const n = snapshot.nodes.length;
  return n > MAX_NODE_LINES ? MAX_NODE_LINES + 1 : n;
}

/**
 * The page of queues a screen of this size shows for this state, as a query (for the broker to
 * page, sort and filter).
 *
 * @example
 * ```ts
 * screenQuery(INITIAL_SCREEN, { height: 24 }, false); // deepest first, 20 rows
 * ```
 */
export function screenQuery(
  state: ScreenState,
  size: { height: number },
  problem: boolean,
  nodes = 0,
): QueueQuery {
  const { key, reverse } = sortOf(state);
  return {
    page: state.page,
    pageSize: rowsFor(size, problem, nodes),
    name: state.filter,
    useRegex: false,
    sort: key,
    sortReverse: reverse,
  };
}

/**
 * The page of queues this state shows, and the counts: the page the broker sent (a snapshot of
 * that view), or one cut here from every queue (the last page for a page past it).
 */
function pageOf(
  snapshot: ViewSnapshot,
  state: ScreenState,
  rows: number,
): { items: QueueSnapshot[]; pages: number; page: number; matched: number; total: number } {
  let page: QueuePage;
  if (snapshot.queuePage) {
    page = { ...snapshot.queuePage, items: snapshot.queues };
  } else {
    const query = screenQuery(state, { height: rows + CHROME_LINES }, false);
    page = queuePageOrLast(snapshot.queues, query);
  }
  return {
    items: page.items.slice(0, rows),
    pages: page.page_count,
    page: page.page,
    matched: page.filtered_count,
    total: page.total_count,
  };
}

/** The columns that fit beside a name of at least {@linkcode MIN_NAME}, in display order. */
function fitColumns(width: number): Column[] {
  const kept = [...COLUMNS];
  const used = () => kept.reduce((n, c) => n + c.width + 1, 0) + 2 + MIN_NAME;
  while (kept.length > 0 && used() > width) {
    const drop = kept.reduce((a, b) => (b.priority > a.priority ? b : a));
    kept.splice(kept.indexOf(drop), 1);
  }
  return kept;
}

function titleLine(s: Snapshot, p: Palette, width: number): string {
  const at = new Date(s.at).toLocaleTimeString();
  const source = s.statisticsOff
    ? "no statistics"
    : s.source === "amqp"
    ? "AMQP only"
    : "management API";
  const head = `${p.bold(`RabbitMQ${s.version ? ` ${safe(s.version)}` : ""}`)} · vhost `;
  const tail = ` · ${at} · ${source}`;
  // A long vhost name gives way (in the middle) so the time and the source stay in view.
  const vhost = middle(safe(s.vhost ?? "/"), Math.max(8, width - visible(head) - visible(tail)));
  return `${head}${vhost}${tail}`;
}

function summaryLine(s: Snapshot, full: boolean, p: Palette, width: number): string {
  const t = s.totals;
  // Without a listing, AMQP knows the queues named to it, not the vhost's.
  const listed = full || s.statisticsOff === true;
  const figures: [long: string, short: string, value: string][] = [
    ["queues", "queues", known(listed, String(t.queues))],
    ["ready", "ready", known(listed, formatCount(t.ready))],
    ["unacked", "unack", known(full, formatCount(t.unacked))],
    ["consumers", "cons", known(listed, String(t.consumers))],
    ["connections", "conn", known(full, String(t.connections))],
    ["publish", "pub", known(full, formatRate(s.rates.publish))],
    ["deliver", "dlv", known(full, formatRate(s.rates.deliver))],
  ];
  // The long words where they fit, else the short ones: every figure stays on a narrow screen.
  const line = (short: boolean, gap: string) =>
    figures.map(([long, brief, value]) => `${short ? brief : long} ${p.bold(value)}`).join(gap);
  return [line(false, "  "), line(true, "  "), line(true, " ")].find((l) => visible(l) <= width) ??
    line(true, " ");
}

/** The broker's nodes, one line each (memory and disk against their limits, alarms in red). */
function nodeLines(nodes: NodeSnapshot[], width: number, p: Palette): string[] {
  const shown = nodes.length > MAX_NODE_LINES ? nodes.slice(0, MAX_NODE_LINES) : nodes;
  const lines = shown.map((n) => nodeLine(n, width, p));
  if (shown.length < nodes.length) {
    const rest = nodes.slice(shown.length);
    const down = rest.filter((n) => !n.running).length;
    const alarms = rest.filter((n) => n.alarms.length).length;
    const more = `  +${rest.length} more nodes` + (down ? `, ${down} down` : "") +
      (alarms ? `, ${alarms} with alarms` : "");
    lines.push(down || alarms ? p.status("critical", more) : p.dim(more));
  }
  return lines;
}

function nodeLine(n: NodeSnapshot, width: number, p: Palette): string {
  // The file descriptors give way first, then the node's name (shortened in the middle).
  const full = nodeFigures(n, p, true);
  const needs = Math.min(MIN_NAME, Array.from(safe(n.name)).length);
  const figures = width - 4 - visible(full) >= needs ? full : nodeFigures(n, p, false);
  const room = Math.max(8, width - 4 - visible(figures));
  const name = middle(safe(n.name), Math.min(room, 40));
  const dot = p.status(!n.running || n.alarms.length ? "critical" : "ok", "●");
  return `${dot} ${p.bold(name)}  ${figures}`;
}

function nodeFigures(n: NodeSnapshot, p: Palette, fd: boolean): string {
  if (!n.running) return p.status("critical", "down");
  const partitions = n.partitions?.length
    ? p.status("critical", `  partitioned from ${safe(n.partitions.join(", "))}`)
    : "";
  // A broker without management statistics lists its nodes without their figures.
  if (n.memLimit === 0) return `running${partitions}`;
  const alarm = (kind: string, text: string) =>
    n.alarms.includes(kind) ? p.status("critical", `${text} ALARM`) : text;
  return [
    alarm("memory", `mem ${formatBytes(n.memUsed)}/${formatBytes(n.memLimit)}`),
    alarm("disk", `disk ${formatBytes(n.diskFree)} free (min ${formatBytes(n.diskFreeLimit)})`),
    ...(fd ? [`fd ${n.fdUsed}/${n.fdTotal}`] : []),
  ].join("  ") + partitions;
}

/**
 * `text` in at most `width` characters, shortened in the middle so both ends stay (queue names
 * differ at their ends: `orders.eu.retry.1`, `orders.eu.retry.2`).
 *
 * @example
 * ```ts
 * middle("orders.europe.west.retry.17", 15); // "orders.…retry.17"
 * ```
 */
export function middle(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 1) return "…".slice(0, width);
  const tail = Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

/** The broker's sort for the state: the chosen order, turned round by `r`. */
function sortOf(state: ScreenState): { key: QueueSortKey; reverse: boolean } {
  const { key, reverse } = SORT_KEYS[state.sort];
  return { key, reverse: state.reversed ? !reverse : reverse };
}

function headerLine(columns: Column[], nameWidth: number, state: ScreenState): string {
  const { key: sortedBy, reverse } = sortOf(state);
  const arrow = reverse ? "▼" : "▲";
  const sortKey = (c: Column) => c.heading === "cons" ? "consumers" : c.heading;
  const heading = (c: Column) => sortKey(c) === sortedBy ? `${c.heading}${arrow}` : c.heading;
  return `  ${pad(sortedBy === "name" ? `name${arrow}` : "name", nameWidth)}` +
    columns.map((c) => ` ${padStart(heading(c), c.width)}`).join("");
}

function queueLine(
  q: QueueSnapshot,
  columns: Column[],
  nameWidth: number,
  full: boolean,
  p: Palette,
): string {
  // Escaped first, then shortened in the middle: the width counts what is shown, escapes
  // included, and both ends of the name stay.
  const name = middle(safe(q.name), nameWidth);
  return `${p.status(q.status, "●")} ${pad(name, nameWidth)}` +
    columns.map((c) => ` ${padStart(c.value(q, full), c.width)}`).join("");
}

function keysLine(
  state: ScreenState,
  at: { page: number; pages: number; matched: number; total: number },
): string {
  if (state.typing !== undefined) return `filter: ${state.typing}▏ (Enter to apply, Esc to cancel)`;
  if (state.filter) {
    return `${at.matched} of ${at.total} matching '${
      safe(state.filter)
    }' · page ${at.page}/${at.pages} · ` +
      `Esc clears · s sort (${state.sort}) · / filter · n/p · q quit`;
  }
  const filter = state.filter ? ` matching '${safe(state.filter)}'` : "";
  return `${at.matched} of ${at.total} queues${filter} · page ${at.page}/${at.pages} · ` +
    `s sort (${state.sort}${
      state.reversed ? ", reversed" : ""
    }) · r reverse · / filter · n/p page · q quit`;
}

/** Visible width (escape codes take no room). */
function visible(text: string): number {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

function pad(text: string, size: number): string {
  return text + " ".repeat(Math.max(0, size - visible(text)));
}

function padStart(text: string, size: number): string {
  return " ".repeat(Math.max(0, size - visible(text))) + text;
}

/** A line cut to `width` visible characters, its escape codes kept (and reset after a cut). */
export function fit(line: string, width: number): string {
  if (visible(line) <= width) return line;
  let out = "";
  let room = width - 1; // the last column holds the ellipsis
  // deno-lint-ignore no-control-regex
  for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
    if (part.startsWith("\x1b[")) {
      out += part;
      continue;
    }
    out += part.slice(0, room);
    room -= part.length;
    if (room <= 0) break;
  }
  // A cut may fall inside a coloured span: reset after it.
  return line.includes("\x1b[") ? `${out}…\x1b[0m` : `${out}…`;
}

/**
 * The keys in one read from the terminal: a paste or fast typing arrives as several at once;
 * an escape sequence (an arrow, Page Down) is one key.
 *
 * @example
 * ```ts
 * splitKeys("ab\x1b[Bq"); // ["a", "b", "\x1b[B", "q"]
 * ```
 */
export function splitKeys(chunk: string): string[] {
  // deno-lint-ignore no-control-regex
  return chunk.match(/\x1b\[[0-9;]*[A-Za-z~]|\x1b|[\s\S]/g) ?? [];
}

/**
 * The state after a key: `s` next sort, `r` the sort the other way round, `/` start a filter (typed, Enter applies, Esc drops),
 * `n`/`p` (or the arrows) next and previous page. `q` is the caller's (quit).
 *
 * @example
 * ```ts
 * nextState(INITIAL_SCREEN, "s").sort; // "name"
 * ```
 */
export function nextState(state: ScreenState, key: string): ScreenState {
  if (state.typing !== undefined) {
    if (key === "\r" || key === "\n") {
      return { ...state, filter: state.typing, typing: undefined, page: 1 };
    }
    if (key === "\x1b") return { ...state, typing: undefined };
    if (key === "\x7f" || key === "\b") return { ...state, typing: state.typing.slice(0, -1) };
    return /^[\x20-\x7e]$/.test(key) ? { ...state, typing: state.typing + key } : state;
  }
  switch (key) {
    case "s":
      return {
        ...state,
        sort: SCREEN_SORTS[(SCREEN_SORTS.indexOf(state.sort) + 1) % SCREEN_SORTS.length],
        page: 1,
      };
    case "r":
      return { ...state, reversed: !state.reversed, page: 1 };
    case "/":
      return { ...state, typing: "" };
    case "\x1b": // Esc: the filter goes, the first page of every queue shows
      return state.filter ? { ...state, filter: "", page: 1 } : state;
    case "n":
    case "\x1b[B":
    case "\x1b[6~":
      return { ...state, page: state.page + 1 };
    case "p":
    case "\x1b[A":
    case "\x1b[5~":
      return { ...state, page: Math.max(1, state.page - 1) };
  }
  return state;
}
