// Comparison producer: amqplib on Node, tuned (confirm channel, 5,000 in flight, write-buffer
// backpressure), doing what our produce does for each message: the same envelope, and the
// mandatory flag, so a message no queue took comes back (basic.return) and is not counted as
// delivered. Prints one JSON line. Usage: node amqplib_producer.mjs URL QUEUE COUNT
import amqplib from "amqplib";
import crypto from "node:crypto";
import os from "node:os";

const [url, queue, countText] = process.argv.slice(2);
const count = Number(countText);
const WINDOW = 5_000;
const conn = await amqplib.connect(url);
const ch = await conn.createConfirmChannel();
await ch.checkQueue(queue);
const body = Buffer.from("Hello World");
// The message id carries send time, run id and seq, as ours does (lib/messaging/run_message_id.ts).
const runId = crypto.randomBytes(5).toString("hex");
const messageIdOf = (seq, ms) => {
  const t = ms.toString(16).padStart(12, "0");
  const s = seq.toString(16).padStart(8, "0");
  return `${t.slice(0, 8)}-${t.slice(8)}-8${runId.slice(0, 3)}-8${runId.slice(3, 6)}-${
    runId.slice(6)
  }${s}`;
};
const host = os.hostname();
let inFlight = 0, acked = 0, failed = 0, returned = 0, wake = null;
ch.on("return", () => returned++);
const settle = (err) => {
  inFlight--;
  if (err) failed++;
  else acked++;
  if (wake && inFlight < WINDOW) {
    const w = wake;
    wake = null;
    w();
  }
};
const startedAt = Date.now(); // to line up several producers started at once
const start = performance.now();
for (let seq = 1; seq <= count; seq++) {
  if (inFlight >= WINDOW) await new Promise((resolve) => (wake = resolve));
  inFlight++;
  const now = Date.now();
  const ok = ch.publish("", queue, body, {
    mandatory: true,
    persistent: true,
    contentType: "text/plain",
    messageId: messageIdOf(seq, now),
    timestamp: Math.floor(now / 1000),
    headers: { producer_id: "amqplib", host },
  }, settle);
  if (!ok) await new Promise((resolve) => ch.once("drain", resolve));
}
await ch.waitForConfirms();
const seconds = (performance.now() - start) / 1000;
// A returned message is acked too: it counts as failed, not as confirmed.
const confirmed = acked - returned;
console.log(
  JSON.stringify({
    client: "amqplib",
    role: "publish",
    count,
    confirmed,
    failed: failed + returned,
    seconds,
    rate: confirmed / seconds,
    started_at_ms: startedAt,
  }),
);
await conn.close();
