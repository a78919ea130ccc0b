import assert from "node:assert/strict";
import { BLOCKED_BY_BROKER, classifyRefusal, REJECTED_BY_BROKER } from "./publish_refusal.ts";

Deno.test("a nack is a nack, even when the connection is going away", () => {
  assert.equal(classifyRefusal(new Error(REJECTED_BY_BROKER), false), "nacked");
  assert.equal(classifyRefusal(new Error(REJECTED_BY_BROKER), true), "nacked");
});

Deno.test("a publish held back while the broker blocks publishers is sent again later", () => {
  const reason = new Error(`${BLOCKED_BY_BROKER}: low on memory`);
  assert.equal(classifyRefusal(reason, false), "blocked");
  assert.equal(classifyRefusal(reason, true), "blocked");
});

Deno.test("a dropped connection is waited out only when the run reconnects", () => {
  assert.equal(classifyRefusal(new Error("Socket closed"), true), "connection-lost");
  assert.equal(classifyRefusal(new Error("Socket closed"), false), "failed");
});

Deno.test("anything else ends the run, whatever was thrown", () => {
  assert.equal(classifyRefusal(new Error("NOT_FOUND - no exchange 'x'"), false), "failed");
  assert.equal(classifyRefusal("a string", false), "failed");
  assert.equal(classifyRefusal(undefined, false), "failed");
  assert.equal(classifyRefusal(new Error("Message rejected twice"), false), "failed");
});
