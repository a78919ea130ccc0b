import assert from "node:assert/strict";
import type { QueueSnapshot, Snapshot } from "../../lib/shared/mod.ts";
import {
  fit,
  INITIAL_SCREEN,
  middle,
  nextState,
  renderScreen,
  screenQuery,
  splitKeys,
} from "./status_screen.ts";
import { COLOR, PLAIN } from "./status_view.ts";

function queue(name: string, total: number): QueueSnapshot {
  return {
    name,
    type: "classic",
    durable: true,
    ready: total,
    unacked: 0,
    total,
    consumers: 0,
    rates: { publish: 0, deliver: 0, ack: 0 },
    state: "running",
    status: total > 10_000 ? "critical" : "ok",
    activity: "Idle",
    features: [],
  };
}

/** 60 queues, alphabetical by name, the deepest one in the middle of the alphabet. */
const snapshot: Snapshot = {
  at: Date.UTC(2026, 0, 1),
  source: "management",
  version: "4.3.6",
  vhost: "/",
  totals: { queues: 60, consumers: 0, connections: 1, ready: 0, unacked: 0, total: 0, active: 0 },
  rates: { publish: 0, deliver: 0, ack: 0 },
  queues: Array.from(
    { length: 60 },
    (_, i) =>
      queue(
        `tenant-${String(i).padStart(2, "0")}.orders.with-a-rather-long-name`,
        i === 31 ? 27_000 : i,
      ),
  ),
  connections: [],
  channels: [],
  nodes: [],
};

// deno-lint-ignore no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

for (const [width, height] of [[80, 24], [200, 50], [40, 10]]) {
  Deno.test(`renderScreen fits ${width}x${height}: summary on top, deepest first, no line too wide`, () => {
    const { lines } = renderScreen(snapshot, INITIAL_SCREEN, { width, height }, COLOR);
    assert.ok(lines.length <= height, `${lines.length} lines`);
    for (const line of lines) assert.ok(plain(line).length <= width, `too wide: ${plain(line)}`);
    assert.match(plain(lines[0]), /^RabbitMQ 4\.3\.6 · vhost \/ /);
    assert.match(plain(lines[1]), /^queues 60 /);
    // Long names are shortened in the middle: the head and the end of each stay.
    assert.match(plain(lines[3]), /^● tenant-3\S*name .*27K/, "the deepest queue first");
    assert.match(plain(lines.at(-1)!), /page 1\//);
  });
}

Deno.test("renderScreen drops the least useful columns first on a narrow terminal", () => {
  const header = (width: number) =>
    plain(renderScreen(snapshot, INITIAL_SCREEN, { width, height: 10 }, PLAIN).lines[2]);
  const wide = header(200);
  const narrow = header(80);
  assert.match(wide, /ready +unacked +total▼ +publish +deliver +ack +cons +type +state/);
  assert.match(narrow, /ready +unacked +total▼ +publish +deliver +cons +type$/);
  assert.doesNotMatch(narrow, /state| ack/);
});

Deno.test("without statistics the figures only they give are —, never 0", () => {
  const off: Snapshot = { ...snapshot, source: "amqp", statisticsOff: true };
  const { lines } = renderScreen(off, INITIAL_SCREEN, { width: 200, height: 10 }, PLAIN);
  assert.match(lines[1], /unacked — /);
  assert.match(lines[0], /no statistics/);
});

Deno.test("keys: s sorts, / filters (Enter applies, Esc drops), n and p page", () => {
  let state = nextState(INITIAL_SCREEN, "s");
  assert.equal(state.sort, "name");
  state = nextState(state, "/");
  for (const key of "-3") state = nextState(state, key);
  state = nextState(state, "\r");
  assert.deepEqual([state.filter, state.typing], ["-3", undefined]);
  const shown = renderScreen(snapshot, state, { width: 100, height: 30 }, PLAIN).lines;
  assert.match(shown.at(-1)!, /^10 of 60 matching '-3' .*Esc clears/);
  const past = renderScreen(
    snapshot,
    { ...INITIAL_SCREEN, page: 99 },
    { width: 80, height: 24 },
    PLAIN,
  );
  assert.equal(past.page, 3, "60 queues at 20 a page: a page past the end is the last");
  assert.equal(nextState(nextState(state, "n"), "p").page, 1);
  assert.equal(nextState(nextState(INITIAL_SCREEN, "/"), "\x1b").typing, undefined);
});

Deno.test("fit cuts a coloured line by what shows and resets the colour", () => {
  assert.equal(fit("abcdef", 4), "abc…");
  assert.equal(fit("\x1b[1mabcdef\x1b[0m", 4), "\x1b[1mabc…\x1b[0m");
  assert.equal(fit("abc", 4), "abc");
});

Deno.test("splitKeys: fast typing is several keys, an arrow is one", () => {
  assert.deepEqual(splitKeys("demo"), ["d", "e", "m", "o"]);
  assert.deepEqual(splitKeys("a\x1b[B\x1b[6~\x1bq"), ["a", "\x1b[B", "\x1b[6~", "\x1b", "q"]);
});

Deno.test("keys: r turns the sort round, and the broker is asked the other way", () => {
  const reversed = nextState(INITIAL_SCREEN, "r");
  assert.equal(reversed.reversed, true);
  assert.equal(screenQuery(INITIAL_SCREEN, { height: 24 }, false).sortReverse, true);
  assert.equal(screenQuery(reversed, { height: 24 }, false).sortReverse, false);
  const header = plain(
    renderScreen(snapshot, reversed, { width: 200, height: 10 }, PLAIN).lines[2],
  );
  assert.match(header, /total▲/);
  const byName = nextState(nextState(reversed, "s"), "n");
  assert.equal(screenQuery(byName, { height: 24 }, false).sortReverse, true, "names Z to A");
  assert.equal(nextState(byName, "r").reversed, false);
  assert.equal(nextState(nextState(INITIAL_SCREEN, "n"), "r").page, 1, "back to the first page");
  const keys = renderScreen(snapshot, reversed, { width: 200, height: 30 }, PLAIN).lines.at(-1)!;
  assert.match(keys, /s sort \(depth, reversed\) · r reverse/);
});

Deno.test("management API away: the vhost's queues, ready and consumers are —, not the known queues' sums", () => {
  const away: Snapshot = { ...snapshot, source: "amqp", problem: "management API unavailable" };
  const { lines } = renderScreen(away, INITIAL_SCREEN, { width: 200, height: 10 }, PLAIN);
  assert.match(lines[1], /queues — +ready — +unacked — +consumers — /);
  const listed: Snapshot = { ...away, statisticsOff: true };
  const shown = renderScreen(listed, INITIAL_SCREEN, { width: 200, height: 10 }, PLAIN).lines;
  assert.match(shown[1], /queues 60 +ready \S*\d/, "a listing without statistics counts them");
});

Deno.test("the node line: memory and disk against their limits, an alarm in red, within 80 columns", () => {
  const node = {
    name: "rabbit@a-host-with-a-long-name.eu-west-1.compute.internal",
    running: true,
    memUsed: 1_200_000_000,
    memLimit: 1_000_000_000,
    diskFree: 80_000_000_000,
    diskFreeLimit: 50_000_000,
    fdUsed: 41,
    fdTotal: 1024,
    alarms: ["memory"],
    uptimeMs: 60_000,
  };
  const big: Snapshot = {
    ...snapshot,
    totals: { ...snapshot.totals, queues: 1062, ready: 116_000, consumers: 40, connections: 312 },
    rates: { publish: 15_000, deliver: 14_500, ack: 14_500 },
    nodes: [node, { ...node, name: "rabbit@b", alarms: [], memUsed: 1_000_000 }],
  };
  const { lines } = renderScreen(big, INITIAL_SCREEN, { width: 80, height: 24 }, COLOR);
  assert.equal(lines.length, 24);
  for (const line of lines) assert.ok(plain(line).length <= 80, `too wide: ${plain(line)}`);
  assert.doesNotMatch(
    plain(lines[1]),
    /…$/,
    `every figure of the summary shows: ${plain(lines[1])}`,
  );
  assert.match(plain(lines[1]), /conn 312 +pub 15K\/s +dlv 15K\/s$/);
  assert.match(
    plain(lines[2]),
    /^● rabbit@a-\S*…\S*internal +mem 1\.1 GB\/953\.7 MB ALARM +disk 74\.5 GB free \(min 47\.7 MB\)$/,
  );
  // deno-lint-ignore no-control-regex
  assert.match(lines[2], /\x1b\[31mmem 1\.1 GB\/953\.7 MB ALARM/, "the alarm in red");
  assert.match(plain(lines[3]), /^● rabbit@b +mem 976\.6 KB\/953\.7 MB +disk .* fd 41\/1024$/);
  assert.match(plain(lines[5]), /^● tenant-3/, "the queues below the nodes");
});

Deno.test("Esc clears an applied filter; the name column is as wide as the names need", () => {
  const filtered = { ...INITIAL_SCREEN, filter: "-3", page: 2 };
  assert.deepEqual(nextState(filtered, "\x1b"), { ...filtered, filter: "", page: 1 });
  const short: Snapshot = { ...snapshot, queues: [queue("orders", 5), queue("payments", 3)] };
  const { lines } = renderScreen(short, INITIAL_SCREEN, { width: 200, height: 10 }, PLAIN);
  // The name column takes its least (16), not the rest of 200 columns.
  assert.match(lines[3], /^● orders {10} +5 /);
  assert.ok(lines[3].trimEnd().length < 100, `no padding to the width: ${lines[3]}`);
  assert.equal(middle("orders.europe.west.retry.17", 15), "orders.…etry.17");
  assert.equal(middle("short", 15), "short");
});
