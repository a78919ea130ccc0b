// Comparison producer: amqplib on Node, tuned (confirm channel, 5,000 in flight, write-buffer
// backpressure), doing what our produce does for each message: the same envelope, and the
// mandatory flag, so a message no queue took comes back (basic.return) and is not counted as
// delivered. Prints one JSON line. Usage: node amqplib_producer.mjs URL QUEUE COUNT
import amqplib from "amqplib";
import { ConfirmWindow, HOST, publishSummary, runMessageIds } from "./node_peer.mjs";

const [url, queue, countText] = process.argv.slice(2);
const count = Number(countText);
const conn = await amqplib.connect(url);
const ch = await conn.createConfirmChannel();
await ch.checkQueue(queue);
const body = Buffer.from("Hello World");
const messageIdOf = runMessageIds();
const window = new ConfirmWindow(5_000);
let returned = 0;
ch.on("return", () => returned++);
const settle = (error) => window.settle(error);
const startedAt = Date.now(); // to line up several producers started at once
const start = performance.now();
for (let seq = 1; seq <= count; seq++) {
  await window.take();
  const now = Date.now();
  const ok = ch.publish("", queue, body, {
    mandatory: true,
    persistent: true,
    contentType: "text/plain",
    messageId: messageIdOf(seq, now),
    timestamp: Math.floor(now / 1000),
    headers: { producer_id: "amqplib", host: HOST },
  }, settle);
  if (!ok) await new Promise((resolve) => ch.once("drain", resolve));
}
await ch.waitForConfirms();
const seconds = (performance.now() - start) / 1000;
console.log(publishSummary("amqplib", { count, window, returned, seconds, startedAt }));
await conn.close();
