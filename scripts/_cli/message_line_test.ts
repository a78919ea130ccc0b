import assert from "node:assert/strict";
import { propertiesLine } from "./message_line.ts";

Deno.test("propertiesLine names every property that is set, in wire order, cluster_id too", () => {
  const line = propertiesLine({
    contentType: "application/json",
    contentEncoding: "identity",
    headers: { n: 1, s: "x" },
    deliveryMode: 2,
    priority: 5,
    correlationId: "corr-1",
    replyTo: "replies",
    expiration: "60000",
    messageId: "m-1",
    timestamp: new Date(1_700_000_000_000),
    type: "order.created",
    userId: "guest",
    appId: "billing",
    clusterId: "cl",
  });
  assert.equal(
    line,
    'content_type=application/json content_encoding=identity headers={"n":1,"s":"x"} ' +
      "delivery_mode=2 priority=5 correlation_id=corr-1 reply_to=replies expiration=60000 " +
      "message_id=m-1 timestamp=2023-11-14T22:13:20.000Z type=order.created user_id=guest " +
      "app_id=billing cluster_id=cl",
  );
  assert.equal(propertiesLine({}), "");
});

Deno.test("propertiesLine quotes what would be ambiguous and escapes what a terminal acts on", () => {
  assert.equal(propertiesLine({ type: "order created" }), 'type="order created"');
  assert.equal(propertiesLine({ appId: "" }), 'app_id=""');
  assert.equal(propertiesLine({ clusterId: "a=b" }), 'cluster_id="a=b"');
  assert.equal(propertiesLine({ appId: "x\u001b]0;pwned\u0007" }), "app_id=x\\x1b]0;pwned\\x07");
  assert.equal(propertiesLine({ appId: "x\u202ey" }), "app_id=x\\u202ey");
});
