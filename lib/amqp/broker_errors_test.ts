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
    },
  );
  assert.deepEqual(
    parseArgumentMismatch(
      "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'x' in vhost 'v': received 'fanout' but current is 'direct'",
    ),
    { kind: "exchange", name: "x", argument: "type", received: "'fanout'", current: "'direct'" },
  );
  assert.equal(parseArgumentMismatch("NOT_FOUND - no queue 'q'"), undefined);
});

Deno.test("explainBrokerError names the argument, the flag that matches and the way out", () => {
  const text = explainBrokerError(
    new Error(
      "channel 1 closed: PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true' (406)",
    ),
  );
  assert.match(
    text,
    /queue 'q' already exists with durable='true', but this run asks for durable='false'/,
  );
  assert.match(text, /Either run with --durable, or delete it \(deno task cleanup --queue q\)/);
});

Deno.test("the hint says which way to change each flag", () => {
  const hint = (argument: string, received: string, current: string, kind = "queue") =>
    explainBrokerError(
      new Error(
        `PRECONDITION_FAILED - inequivalent arg '${argument}' for ${kind} 'q' in vhost '/': received ${received} but current is ${current} (406)`,
      ),
    );
  assert.match(hint("durable", "'true'", "'false'"), /Either run without --durable,/);
  assert.match(hint("durable", "'false'", "'true'"), /Either run with --durable,/);
  assert.match(
    hint("x-queue-mode", "none", "the value 'lazy' of type 'longstr'"),
    /run with --lazy,/,
  );
  assert.match(
    hint("x-queue-mode", "the value 'lazy' of type 'longstr'", "none"),
    /run without --lazy,/,
  );
  assert.match(
    hint("x-queue-type", "none", "the value 'quorum' of type 'longstr'"),
    /run with --queue-type quorum,/,
  );
  assert.match(
    hint("x-max-priority", "the value '10' of type 'byte'", "none"),
    /without --priority/,
  );
  assert.match(
    hint("x-dead-letter-exchange", "none", "the value 'q.dlx' of type 'longstr'"),
    /run with --dead-letter,/,
  );
  assert.match(
    hint("x-message-ttl", "the value '100' of type 'signedint'", "none"),
    /run without --message-ttl,/,
  );
  assert.match(
    hint("x-message-ttl", "none", "the value '60000' of type 'long'"),
    /run with --message-ttl 60000,/,
  );
  const exchange = hint("type", "'fanout'", "'direct'", "exchange");
  assert.match(
    exchange,
    /run with --exchange-type direct, or delete it \(deno task cleanup --exchange q\)/,
  );
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
    explainBrokerError(refusal, { sizeHint: "--size" }),
    /^--size 200 is above the broker's maximum message size of 100 bytes .*use a smaller --size\.$/,
  );
});
