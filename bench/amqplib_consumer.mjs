// Comparison consumer: amqplib on Node, tuned (prefetch 1,000, one multi-ack per 250).
// Prints one JSON line. Usage: node amqplib_consumer.mjs URL QUEUE COUNT
import amqplib from "amqplib";
import { consumeSummary } from "./node_peer.mjs";

const [url, queue, countText] = process.argv.slice(2);
const count = Number(countText);
const ACK_EVERY = 250;
const conn = await amqplib.connect(url);
const ch = await conn.createChannel();
await ch.prefetch(1_000);
let received = 0, start = 0;
await new Promise((resolve) => {
  ch.consume(queue, (msg) => {
    if (received === 0) start = performance.now();
    received++;
    if (received % ACK_EVERY === 0 || received === count) ch.ack(msg, true);
    if (received === count) resolve();
  }, { noAck: false });
});
const seconds = (performance.now() - start) / 1000;
console.log(consumeSummary("amqplib", { received, seconds }));
await ch.close();
await conn.close();
