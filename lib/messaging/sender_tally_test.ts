import assert from "node:assert/strict";
import { MAX_SENDERS, SenderTally } from "./sender_tally.ts";

Deno.test("SenderTally counts messages per producer id and host, most first, unnamed last", () => {
  const tally = new SenderTally();
  for (let i = 0; i < 3; i++) tally.add("demo-1", "box");
  tally.add("demo-1", "other-box");
  tally.addUnnamed();
  tally.add("pika-user", "laptop");
  tally.add("pika-user", "laptop");
  assert.deepEqual(tally.counts(), [
    { sender: { producerId: "demo-1", host: "box" }, messages: 3 },
    { sender: { producerId: "pika-user", host: "laptop" }, messages: 2 },
    { sender: { producerId: "demo-1", host: "other-box" }, messages: 1 },
    { sender: null, messages: 1 },
  ]);
});

Deno.test("SenderTally keeps at most MAX_SENDERS apart and counts the rest", () => {
  const tally = new SenderTally();
  for (let i = 0; i < MAX_SENDERS + 10; i++) tally.add(`p${i}`, "h");
  tally.add("p0", "h"); // a known sender still counts as itself
  assert.equal(tally.counts().length, MAX_SENDERS);
  assert.equal(tally.unlisted, 10);
  assert.equal(tally.counts()[0].messages, 2);
});
