import assert from "node:assert/strict";
import type { AMQPMessage } from "@cloudamqp/amqp-client";
import { simulatedWork } from "./simulated_work.ts";

const message = {} as AMQPMessage;

Deno.test("with no work and no failures the handler is synchronous", () => {
  assert.equal(simulatedWork({ workMs: 0, failRate: 0 })(message, undefined), undefined);
});

Deno.test("failRate decides failures by the random source", () => {
  const fails = simulatedWork({ workMs: 0, failRate: 0.5, random: () => 0.4 });
  const passes = simulatedWork({ workMs: 0, failRate: 0.5, random: () => 0.6 });
  assert.throws(() => fails(message, undefined), /simulated failure/);
  assert.equal(passes(message, undefined), undefined);
});

Deno.test("workMs makes each message take that long", async () => {
  const started = performance.now();
  await simulatedWork({ workMs: 30, failRate: 0 })(message, undefined);
  assert.ok(performance.now() - started >= 25);
  await assert.rejects(
    async () => await simulatedWork({ workMs: 1, failRate: 1 })(message, undefined),
    /simulated/,
  );
});
