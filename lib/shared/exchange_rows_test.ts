import assert from "node:assert/strict";
import { exchangeRows, realExchangeName } from "./exchange_rows.ts";

Deno.test("exchangeRows counts bindings out and in, with rates, the default exchange named", () => {
  const rows = exchangeRows(
    [
      { name: "", vhost: "/", type: "direct", durable: true },
      {
        name: "orders",
        vhost: "/",
        type: "topic",
        durable: true,
        message_stats: { publish_in_details: { rate: 12.5 }, publish_out_details: { rate: 25 } },
      },
      { name: "audit", vhost: "/", type: "fanout", durable: false, internal: true },
    ],
    [
      { source: "orders", destination: "q1", destination_type: "queue", routing_key: "a.*" },
      { source: "orders", destination: "q2", destination_type: "queue", routing_key: "#" },
      { source: "orders", destination: "audit", destination_type: "exchange", routing_key: "" },
      { source: "", destination: "q1", destination_type: "queue", routing_key: "q1" },
    ],
  );
  assert.deepEqual(rows.map((r) => r.name), ["amq.default", "audit", "orders"]);
  const orders = rows.find((r) => r.name === "orders")!;
  assert.deepEqual(
    [orders.bindingsOut, orders.bindingsIn, orders.publishIn, orders.publishOut],
    [3, 0, 12.5, 25],
  );
  const audit = rows.find((r) => r.name === "audit")!;
  assert.deepEqual([audit.bindingsIn, audit.internal, audit.durable], [1, true, false]);
  assert.equal(rows[0].bindingsOut, 1);
  assert.equal(realExchangeName("amq.default"), "");
  assert.equal(realExchangeName("orders"), "orders");
});
