import assert from "node:assert/strict";
import { type ConsumeSummary, formatConsumeSummary, formatSenders } from "./consume.ts";

const summary: ConsumeSummary = {
  consumed: 3,
  seconds: 0.5,
  rate: 6,
  redelivered: 0,
  duplicates: 0,
  foreign: 3,
  retried: 0,
  dead_lettered: 0,
  latency_ms: null,
  senders: [],
};

Deno.test("the summary line says — for latency when no message carried our send time", () => {
  assert.match(
    formatConsumeSummary({ ...summary, latency_ms: null }),
    / latency_p50=— latency_p99=—$/,
  );
  assert.match(
    formatConsumeSummary({ ...summary, latency_ms: { p50: 12, p95: 20, p99: 30 } }),
    / latency_p50=12ms latency_p99=30ms$/,
  );
});

Deno.test("the sender line names each sender with its messages, the five biggest, escaped", () => {
  assert.equal(formatSenders(summary), undefined, "nothing consumed: no line");
  const senders = [
    ...["a", "b", "c", "d", "e", "f", "g"].map((id, i) => ({
      producer_id: id,
      host: "box",
      messages: 70 - i,
    })),
    { producer_id: null, host: null, messages: 2 },
  ];
  assert.equal(
    formatSenders({ ...summary, senders }),
    "from: a@box 70, b@box 69, c@box 68, d@box 67, e@box 66, other senders 129, no sender 2",
  );
  assert.equal(
    formatSenders({
      ...summary,
      senders: [{ producer_id: "pika\x1b[2J", host: "lap\u202etop", messages: 1 }],
      senders_unlisted: 4,
    }),
    "from: pika\\x1b[2J@lap\\u202etop 1, other senders 4",
  );
});

Deno.test("a producer id that already names its host is not given the host twice", () => {
  const senders = [
    { producer_id: "demo@box", host: "box", messages: 10 },
    { producer_id: "ana", host: "", messages: 2 },
    { producer_id: "bo@x", host: "box", messages: 1 },
  ];
  assert.equal(
    formatSenders({ ...summary, consumed: 13, senders }),
    "from: demo@box 10, ana 2, bo@x@box 1",
  );
});
