import assert from "node:assert/strict";
import { AMQPView } from "@cloudamqp/amqp-client/amqp-view";
import { AmqpMethod, FRAME_END, methodKey, PropertyFlag } from "./amqp_constants.ts";

Deno.test("the property flags are amqp-client's, one bit each, in encoding order", () => {
  const flags = Object.values(PropertyFlag);
  assert.equal(flags.length, 14);
  for (let i = 1; i < flags.length; i++) assert.equal(flags[i], flags[i - 1] >> 1);
  // amqp-client encodes the 13 properties it knows with the same bits.
  const view = new AMQPView(new ArrayBuffer(256));
  view.setProperties(0, { contentType: "a", messageId: "b", appId: "c" });
  assert.equal(
    view.getUint16(0),
    PropertyFlag.CONTENT_TYPE | PropertyFlag.MESSAGE_ID | PropertyFlag.APP_ID,
  );
});

Deno.test("method keys and the frame end are the specification's", () => {
  assert.equal(methodKey(AmqpMethod.BASIC_CLASS, AmqpMethod.BASIC_DELIVER), 0x003c003c);
  assert.equal(methodKey(AmqpMethod.CONNECTION_CLASS, AmqpMethod.CONNECTION_START), 0x000a000a);
  assert.equal(FRAME_END, 206);
});
