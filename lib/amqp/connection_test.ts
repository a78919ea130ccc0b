import assert from "node:assert/strict";
import { isConnectionLoss } from "./connection.ts";
import { FrameReadError, SafeAmqpClient } from "./safe_amqp_client.ts";

Deno.test("isConnectionLoss: the ways a dropped link shows up count, a channel refusal does not", () => {
  // A client that never connected, marked open, so that only the error decides.
  const conn = new SafeAmqpClient("amqp://guest:guest@127.0.0.1:1");
  conn.closed = false;
  for (
    const reason of [
      new Error("Socket closed"),
      new Error("read ECONNRESET"),
      new Error("This socket has been ended by the other party"),
      new Error("Cannot call write after a stream was destroyed"), // a killed cluster node
      new FrameReadError("could not read what the broker sent (x); the connection was closed"),
      new Error("Heartbeat timeout"),
    ]
  ) {
    assert.ok(isConnectionLoss(reason, conn), reason.message);
  }
  for (
    const reason of [
      new Error("channel closed: PRECONDITION_FAILED - unknown delivery tag 7 (406)"),
      new Error("channel closed: NOT_FOUND - no queue 'q' in vhost '/' (404)"),
    ]
  ) {
    assert.ok(!isConnectionLoss(reason, conn), reason.message);
  }
  conn.closed = true;
  assert.ok(isConnectionLoss(new Error("anything"), conn), "a closed connection is lost");
});
