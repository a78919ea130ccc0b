import assert from "node:assert/strict";
import { parseAmqpUrls } from "../lib/config.ts";
import { FailoverConnector } from "../lib/amqp/mod.ts";
import { AMQP_URL } from "./helpers.ts";

/** Nothing listens on port 1: a connection there is refused at once. */
const DEAD = "amqp://guest:guest@127.0.0.1:1";

Deno.test("FailoverConnector connects to the first node that answers, and after a loss starts with the next", async () => {
  const connector = new FailoverConnector({
    endpoints: parseAmqpUrls(`${DEAD},${AMQP_URL}`),
    name: "failover test",
    connectTimeoutMs: 5_000,
  });
  assert.equal(connector.endpoint.port, 1, "before connecting: the first in the list");
  const first = await connector.connect();
  assert.equal(connector.endpoint.display, parseAmqpUrls(AMQP_URL)[0].display);
  await first.close();
  // The next after the live node is the dead one (the list wraps): it is skipped again.
  const again = await connector.reconnect();
  assert.equal(connector.endpoint.display, parseAmqpUrls(AMQP_URL)[0].display);
  assert.ok(!again.closed);
  await again.close();
});

Deno.test("FailoverConnector gives up after the timeout, naming every node it tried", async () => {
  const connector = new FailoverConnector({
    endpoints: parseAmqpUrls(`${DEAD},amqp://guest:guest@127.0.0.1:2`),
    name: "failover test",
    connectTimeoutMs: 300,
  });
  await assert.rejects(
    connector.connect(),
    (error: Error) =>
      /127\.0\.0\.1:1 .*127\.0\.0\.1:2 .*Gave up after \d+ attempts in 0s \(the connect timeout\)\. Start RabbitMQ, or connect to one that runs\.$/
        .test(error.message),
  );
  const worded = new FailoverConnector({
    endpoints: parseAmqpUrls(DEAD),
    name: "failover test",
    connectTimeoutMs: 300,
    hints: { timeout: "--connect-timeout", noBroker: "Point --url at one." },
  });
  await assert.rejects(
    worded.connect(),
    /Gave up after \d+ attempts in 0s \(--connect-timeout\)\. Point --url at one\.$/,
  );
});
