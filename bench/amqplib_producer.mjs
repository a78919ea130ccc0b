// Comparison producer: amqplib on Node, tuned (confirm channel, 5,000 in flight, write-buffer
// backpressure), carrying the same envelope as our produce. Prints one JSON line.
// Usage: node amqplib_producer.mjs URL QUEUE COUNT
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
const runId = crypto.randomUUID();
const host = os.hostname();
let inFlight = 0, confirmed = 0, failed = 0, wake = null;
const settle = (err) => {
  inFlight--;
  if (err) failed++;
  else confirmed++;
  if (wake && inFlight < WINDOW) {
    const w = wake;
    wake = null;
    w();
  }
};
const start = performance.now();
for (let seq = 1; seq <= count; seq++) {
  if (inFlight >= WINDOW) await new Promise((resolve) => (wake = resolve));
  inFlight++;
  const ok = ch.publish("", queue, body, {
    persistent: true,
    contentType: "text/plain",
    messageId: crypto.randomUUID(),
    timestamp: Math.floor(Date.now() / 1000),
    headers: { producer_id: "amqplib", host, seq, run_id: runId },
  }, settle);
  if (!ok) await new Promise((resolve) => ch.once("drain", resolve));
}
await ch.waitForConfirms();
const seconds = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({
    client: "amqplib",
    role: "publish",
    count,
    confirmed,
    failed,
    seconds,
    rate: confirmed / seconds,
  }),
);
await conn.close();
