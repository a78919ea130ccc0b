// Comparison consumer: rabbitmq-client on Node, tuned as bench/amqplib_consumer.mjs is (prefetch
// 1,000, one multi-ack per 250). Prints one JSON line. Usage: node rabbitmq_client_consumer.mjs URL QUEUE COUNT
import { Connection } from "rabbitmq-client";
import { consumeSummary } from "./node_peer.mjs";

const [url, queue, countText] = process.argv.slice(2);
const count = Number(countText);
const ACK_EVERY = 250;
const rabbit = new Connection({ url, connectionTimeout: 10_000 });
// It would reconnect for ever: a comparison run stops at the first error instead.
rabbit.on("error", (error) => {
  console.error(`rabbitmq-client: ${error.message}`);
  process.exit(1);
});
const ch = await rabbit.acquire();
await ch.basicQos({ prefetchCount: 1_000 });
let received = 0, start = 0;
await new Promise((resolve) => {
  ch.basicConsume({ queue }, (msg) => {
    if (received === 0) start = performance.now();
    received++;
    if (received % ACK_EVERY === 0 || received === count) {
      ch.basicAck({ deliveryTag: msg.deliveryTag, multiple: true });
    }
    if (received === count) resolve();
  });
});
const seconds = (performance.now() - start) / 1000;
console.log(consumeSummary("rabbitmq-client", { received, seconds }));
await ch.close();
await rabbit.close();
