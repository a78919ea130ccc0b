import assert from "node:assert/strict";
import { explainBrokerError, parseArgumentMismatch } from "./broker_errors.ts";

Deno.test("parseArgumentMismatch reads RabbitMQ's inequivalent-arg refusals", () => {
  assert.deepEqual(
    parseArgumentMismatch(
      "channel 1 closed: PRECONDITION_FAILED - inequivalent arg 'x-queue-mode' for queue 'work.queue' in vhost '/': received none but current is the value 'lazy' of type 'longstr' (406)",
    ),
    {
      kind: "queue",
      name: "work.queue",
      argument: "x-queue-mode",
      received: "none",
      current: "'lazy'",
      existing: "lazy",
    },
  );
  assert.deepEqual(
    parseArgumentMismatch(
      "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'x' in vhost 'v': received 'fanout' but current is 'direct'",
    ),
    {
      kind: "exchange",
      name: "x",
      argument: "type",
      received: "'fanout'",
      current: "'direct'",
      existing: "direct",
    },
  );
  assert.equal(parseArgumentMismatch("NOT_FOUND - no queue 'q'"), undefined);
});

Deno.test("parseArgumentMismatch reads what the existing queue has as a value a declare can carry", () => {
  const existing = (current: string) =>
    parseArgumentMismatch(
      `inequivalent arg 'a' for queue 'q' in vhost '/': received none but current is ${current}`,
    )?.existing;
  assert.equal(existing("'false'"), false);
  assert.equal(existing("the value 'quorum' of type 'longstr'"), "quorum");
  assert.equal(existing("the value '10' of type 'byte'"), 10);
  assert.equal(existing("the value '60000' of type 'long'"), 60000);
  assert.equal(existing("none"), null);
  assert.equal(existing("'quorum'"), "quorum", "as RabbitMQ 4.x quotes a queue type");
  assert.equal(existing("the value '1.5' of type 'double'"), undefined, "not a type we declare");
});

Deno.test("explainBrokerError says plainly what to do, or in the caller's words when given", () => {
  const mismatch = new Error(
    "channel 1 closed: PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true' (406)",
  );
  const login = new Error(
    "connection closed: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. (403)",
  );
  const vhost = new Error("connection closed: NOT_ALLOWED - vhost nope not found (530)");
  for (const error of [mismatch, login, vhost]) {
    assert.doesNotMatch(explainBrokerError(error), /--|deno task/, "no flag or task by default");
  }
  assert.match(
    explainBrokerError(mismatch),
    /already exists with durable='true', but this run asks for durable='false'. Either declare it with the settings it has, or delete it so this run can create it\./,
  );
  const hints = {
    matchArgument: () => "ask for it durable",
    remove: (kind: string, name: string) => `drop ${kind} ${name}`,
    url: "the address field",
  };
  assert.match(
    explainBrokerError(mismatch, { hints }),
    /Either ask for it durable, or drop queue q/,
  );
  assert.match(explainBrokerError(login, { hints }), /Check the credentials in the address field/);
  assert.match(explainBrokerError(vhost, { hints }), /the vhost at the end of the address field/);
});

Deno.test("explainBrokerError turns the common refusals into advice", () => {
  const cases: [string, RegExp][] = [
    [
      "connection closed: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. (403)",
      /user name or password.*guest' log in from localhost only/,
    ],
    ["connection closed: NOT_ALLOWED - vhost nope not found (530)", /no vhost by that name/],
    [
      "channel 1 closed: PRECONDITION_FAILED - message size 200 is larger than configured max size 100 (406)",
      /a message of 200 bytes is above the broker's maximum message size of 100 bytes/,
    ],
    ["connect ECONNREFUSED 127.0.0.1:5672", /no RabbitMQ broker answered at amqp:\/\/h/],
    ["channel 1 closed: NOT_FOUND - no queue 'q' in vhost '/' (404)", /queue 'q' does not exist/],
  ];
  for (const [message, pattern] of cases) {
    assert.match(
      explainBrokerError(new Error(message), { endpoint: "amqp://h" }),
      pattern,
      message,
    );
  }
  assert.equal(explainBrokerError("channel 3 closed: something new (500)"), "something new");
});

Deno.test("a message above the broker's size limit is told in the caller's words", () => {
  const refusal = new Error(
    "channel 1 closed: PRECONDITION_FAILED - message size 200 is larger than configured max size 100 (406)",
  );
  const plain = explainBrokerError(refusal);
  assert.doesNotMatch(plain, /--/, "no flag named to a caller that has none");
  assert.match(plain, /send a smaller one/);
  assert.match(
    explainBrokerError(refusal, { hints: { size: "--size" } }),
    /^--size 200 is above the broker's maximum message size of 100 bytes .*use a smaller --size\.$/,
  );
});
