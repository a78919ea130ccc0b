import assert from "node:assert/strict";
import {
  DEFAULT_QUEUE_QUERY,
  nameMatcher,
  parseQueueQuery,
  queuePage,
  queuePageOrLast,
  type QueueQuery,
  QueueQueryError,
  queueQueryParams,
} from "./queue_query.ts";
import type { QueueSnapshot } from "./snapshot.ts";

function queue(name: string, total: number, publish = 0): QueueSnapshot {
  return {
    name,
    type: "classic",
    durable: true,
    ready: total,
    unacked: 0,
    total,
    consumers: 0,
    rates: { publish, deliver: 0, ack: 0 },
    state: "running",
    status: "ok",
    activity: "Idle",
    features: [],
  };
}

const queues = [
  queue("orders", 50, 3),
  queue("billing", 7000),
  queue("orders.dlq", 2),
  queue("Audit", 50),
  ...Array.from({ length: 46 }, (_, i) => queue(`load.${String(i).padStart(2, "0")}`, i)),
];

Deno.test("queuePage answers in the management API's shape", () => {
  const page = queuePage(queues, DEFAULT_QUEUE_QUERY);
  assert.deepEqual(
    [
      page.filtered_count,
      page.item_count,
      page.total_count,
      page.page,
      page.page_size,
      page.page_count,
    ],
    [50, 20, 50, 1, 20, 3],
  );
  assert.deepEqual(page.items.slice(0, 3).map((q) => q.name), ["Audit", "billing", "load.00"]);
  const last = queuePage(queues, { ...DEFAULT_QUEUE_QUERY, page: 3 });
  assert.equal(last.item_count, 10);
});

Deno.test("queuePage sorts by any column, ties by name, and filters by substring or regex", () => {
  const deepest = queuePage(queues, { ...DEFAULT_QUEUE_QUERY, sort: "total", sortReverse: true });
  assert.deepEqual(deepest.items.slice(0, 3).map((q) => q.name), ["billing", "Audit", "orders"]);
  const busiest = queuePage(queues, { ...DEFAULT_QUEUE_QUERY, sort: "publish", sortReverse: true });
  assert.equal(busiest.items[0].name, "orders");
  const byName = queuePage(queues, { ...DEFAULT_QUEUE_QUERY, name: "ORDERS" });
  assert.deepEqual(byName.items.map((q) => q.name), ["orders", "orders.dlq"]);
  const regex = queuePage(queues, {
    ...DEFAULT_QUEUE_QUERY,
    name: "^load\\.4[0-9]$",
    useRegex: true,
  });
  assert.equal(regex.filtered_count, 6);
  assert.equal(regex.total_count, 50);
});

Deno.test("parseQueueQuery takes the management API's parameters and refuses the rest by name", () => {
  const q = parseQueueQuery({
    page: "2",
    page_size: "50",
    name: "abc",
    use_regex: "false",
    sort: "messages",
    sort_reverse: "true",
  });
  assert.deepEqual(
    q,
    {
      page: 2,
      pageSize: 50,
      name: "abc",
      useRegex: false,
      sort: "total",
      sortReverse: true,
    } satisfies QueueQuery,
  );
  assert.deepEqual(parseQueueQuery({}), DEFAULT_QUEUE_QUERY);
  for (
    const [params, pattern] of [
      [{ page: "0" }, /'page' must be a whole number/],
      [{ page_size: "501" }, /'page_size' must be a whole number from 1 to 500/],
      [{ sort: "size" }, /'sort' must be one of name, type/],
      [{ sort_reverse: "yes" }, /'sort_reverse' must be true or false/],
      [{ name: "(", use_regex: "true" }, /'name' is not a regular expression RE2 accepts/],
      [{ name: "(a)\\1", use_regex: "true" }, /no backreferences or lookaround/],
      [{ name: "a(?=b)", use_regex: "true" }, /no backreferences or lookaround/],
    ] as const
  ) {
    assert.throws(() => parseQueueQuery(params), (e) => {
      assert.ok(e instanceof QueueQueryError);
      assert.match(e.message, pattern);
      return true;
    });
  }
  assert.throws(
    () => queuePage(queues, { ...DEFAULT_QUEUE_QUERY, page: 4 }),
    (e) => {
      assert.ok(e instanceof QueueQueryError);
      assert.match(e.message, /'page' 4 is past the last page \(3\)/);
      assert.equal(e.lastPage, 3, "the last page, as data");
      return true;
    },
  );
});

Deno.test("queuePageOrLast: a page past the end is the last page; a bad pattern still throws", () => {
  const last = queuePageOrLast(queues, { ...DEFAULT_QUEUE_QUERY, page: 4 });
  assert.equal(last.page, 3);
  assert.deepEqual(last.items, queuePage(queues, { ...DEFAULT_QUEUE_QUERY, page: 3 }).items);
  assert.throws(
    () => queuePageOrLast(queues, { ...DEFAULT_QUEUE_QUERY, name: "(a", useRegex: true }),
    QueueQueryError,
  );
});

Deno.test("queueQueryParams writes only what differs from the default", () => {
  assert.equal(queueQueryParams(DEFAULT_QUEUE_QUERY).toString(), "");
  const params = queueQueryParams({
    ...DEFAULT_QUEUE_QUERY,
    sort: "total",
    sortReverse: true,
    name: "a b",
  });
  assert.equal(params.toString(), "name=a+b&sort=total&sort_reverse=true");
  assert.deepEqual(parseQueueQuery(Object.fromEntries(params)), {
    ...DEFAULT_QUEUE_QUERY,
    sort: "total",
    sortReverse: true,
    name: "a b",
  });
});

Deno.test("nameMatcher runs patterns that backtrack for ever elsewhere in time linear in the name", () => {
  const name = "a".repeat(255) + "!";
  const expected: [string, boolean][] = [
    ["(a+)+$", false],
    ["(a|a)*b", false],
    ["(a*)*$", true], // the empty match at the end
    ["(.*a){20}", true],
    ["(\\w+\\s?)*$", true],
  ];
  for (const [pattern, matches] of expected) {
    const started = performance.now();
    assert.equal(nameMatcher({ name: pattern, useRegex: true })(name), matches, pattern);
    const ms = performance.now() - started;
    assert.ok(ms < 500, `${pattern}: ${ms.toFixed(0)} ms`);
  }
  assert.equal(nameMatcher({ name: "^ORDERS\\.", useRegex: true })("orders.dlq"), true, "any case");
});
