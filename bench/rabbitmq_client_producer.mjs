// Comparison producer: rabbitmq-client on Node, tuned as bench/amqplib_producer.mjs is (a
// confirm channel, 5,000 in flight), doing what our produce does for each message: the same
// envelope, and the mandatory flag, so a message no queue took comes back (basic.return) and is
// not counted as delivered. Prints one JSON line. Usage: node rabbitmq_client_producer.mjs URL QUEUE COUNT
import { Connection } from "rabbitmq-client";
import { ConfirmWindow, HOST, publishSummary, runMessageIds } from "./node_peer.mjs";

const [url, queue, countText] = process.argv.slice(2);
const count = Number(countText);
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
const messageIdOf = runMessageIds();
const window = new ConfirmWindow(5_000);
let returned = 0;
ch.on("basic.return", () => returned++);
const onAck = () => window.settle();
const onFail = (error) => window.settle(error);
const startedAt = Date.now();
const start = performance.now();
for (let seq = 1; seq <= count; seq++) {
  await window.take();
  const now = Date.now();
  ch.basicPublish({
    routingKey: queue,
    mandatory: true,
    durable: true,
    contentType: "text/plain",
    messageId: messageIdOf(seq, now),
    timestamp: Math.floor(now / 1000),
    headers: { producer_id: "rabbitmq-client", host: HOST },
  }, body).then(onAck, onFail);
}
await window.drained();
const seconds = (performance.now() - start) / 1000;
console.log(publishSummary("rabbitmq-client", { count, window, returned, seconds, startedAt }));
await ch.close();
await rabbit.close();
