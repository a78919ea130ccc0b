// Comparison producer: rabbitmq-client on Node, tuned as bench/amqplib_producer.mjs is (a
// confirm channel, 5,000 in flight), doing what our produce does for each message: the same
// envelope, and the mandatory flag, so a message no queue took comes back (basic.return) and is
// not counted as delivered. Prints one JSON line. Usage: node rabbitmq_client_producer.mjs URL QUEUE COUNT
import { Connection } from "rabbitmq-client";
import crypto from "node:crypto";
import os from "node:os";

const [url, queue, countText] = process.argv.slice(2);
const count = Number(countText);
const WINDOW = 5_000;
const rabbit = new Connection({ url, connectionTimeout: 10_000 });
// It would reconnect for ever: a comparison run stops at the first error instead.
rabbit.on("error", (error) => {
  console.error(`rabbitmq-client: ${error.message}`);
  process.exit(1);
});
const ch = await rabbit.acquire();
await ch.queueDeclare({ queue, passive: true });
await ch.confirmSelect();
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
ch.on("basic.return", () => returned++);
const settled = () => {
  inFlight--;
  if (wake && inFlight < WINDOW) {
    const w = wake;
    wake = null;
    w();
  }
};
const onAck = () => (acked++, settled());
const onFail = () => (failed++, settled());
const start = performance.now();
for (let seq = 1; seq <= count; seq++) {
  if (inFlight >= WINDOW) await new Promise((resolve) => (wake = resolve));
  inFlight++;
  const now = Date.now();
  ch.basicPublish({
    routingKey: queue,
    mandatory: true,
    durable: true,
    contentType: "text/plain",
    messageId: messageIdOf(seq, now),
    timestamp: Math.floor(now / 1000),
    headers: { producer_id: "rabbitmq-client", host },
  }, body).then(onAck, onFail);
}
while (inFlight > 0) await new Promise((resolve) => (wake = resolve));
const seconds = (performance.now() - start) / 1000;
// A returned message is acked too: it counts as failed, not as confirmed.
const confirmed = acked - returned;
console.log(
  JSON.stringify({
    client: "rabbitmq-client",
    role: "publish",
    count,
    confirmed,
    failed: failed + returned,
    seconds,
    rate: confirmed / seconds,
  }),
);
await ch.close();
await rabbit.close();
