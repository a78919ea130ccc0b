import assert from "node:assert/strict";
import { explainBrokerError, type QueueDifference } from "../../lib/amqp/mod.ts";
import { CLI_HINTS, flagChange, missingQueueHint } from "./hints.ts";

Deno.test("with the CLI hints, a refusal names the flag that matches and the way out", () => {
  const text = explainBrokerError(
    new Error(
      "channel 1 closed: PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true' (406)",
    ),
    { hints: CLI_HINTS },
  );
  assert.match(
    text,
    /queue 'q' already exists with durable='true', but this run asks for durable='false'/,
  );
  assert.match(
    text,
    /Either run without --transient-queues, or delete it \(deno task cleanup --queue q\)/,
  );
});

Deno.test("the hint says which way to change each flag", () => {
  const hint = (argument: string, received: string, current: string, kind = "queue") =>
    explainBrokerError(
      new Error(
        `PRECONDITION_FAILED - inequivalent arg '${argument}' for ${kind} 'q' in vhost '/': received ${received} but current is ${current} (406)`,
      ),
      { hints: CLI_HINTS },
    );
  // Only --durable asks for a durable queue: a run without it takes a non-durable one as it is.
  assert.match(hint("durable", "'true'", "'false'"), /Either run without --durable,/);
  assert.match(hint("durable", "'false'", "'true'"), /Either run without --transient-queues,/);
  assert.match(
    hint("durable", "'true'", "'false'", "exchange"),
    /Either run with --transient-exchange,/,
  );
  assert.match(
    hint("durable", "'false'", "'true'", "exchange"),
    /Either run without --transient-exchange,/,
  );
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

Deno.test("with the CLI hints, credentials point at --url or AMQP_URL", () => {
  assert.match(
    explainBrokerError(
      new Error(
        "connection closed: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. (403)",
      ),
      { hints: CLI_HINTS },
    ),
    /Check the credentials in --url or AMQP_URL/,
  );
});

Deno.test("flagChange says each difference as the flag change that matches the queue", () => {
  const cases: [QueueDifference, string][] = [
    [{ setting: "durable", existing: true }, "without --transient-queues"],
    [{ setting: "durable", existing: false }, "without --durable"],
    [{ setting: "lazy", existing: true }, "with --lazy"],
    [{ setting: "queueType", existing: "quorum" }, "with --queue-type quorum"],
    [{ setting: "priority", existing: true }, "with --priority N (any priority)"],
    [{ setting: "priority", existing: false }, "without --priority"],
    [{ setting: "deadLetter", existing: true }, "with --dead-letter"],
    [{ setting: "messageTtl", existing: 500 }, "with --message-ttl 500"],
    [{ setting: "messageTtl", existing: undefined }, "without --message-ttl"],
  ];
  for (const [difference, words] of cases) assert.equal(flagChange(difference), words);
});

Deno.test("a deprecated feature the broker denies: one line with the flag to drop", () => {
  const text = explainBrokerError(
    new Error(
      'INTERNAL_ERROR - Feature `transient_nonexcl_queues` is deprecated.\nIts use is not permitted per the configuration (overriding the default, which is permitted):\n    "deprecated_features.permit.transient_nonexcl_queues = false"',
    ),
    { hints: CLI_HINTS },
  );
  assert.equal(
    text,
    "the broker does not permit the deprecated feature transient_nonexcl_queues (deprecated_features.permit.transient_nonexcl_queues = false): run without --transient-queues (queues are durable by default).",
  );
});

Deno.test("a missing queue: 'did you mean' names another queue, never the name given", () => {
  assert.match(
    missingQueueHint("rate.qq", ["rate.q", "other"]),
    /^queue 'rate\.qq' does not exist \(did you mean 'rate\.q'\?\)\. Run produce first/,
  );
  // Created a moment after it was looked for: the vhost's list holds the very name.
  const same = missingQueueHint("rate.q", ["rate.q"]);
  assert.doesNotMatch(same, /did you mean/);
  assert.match(same, /^queue 'rate\.q' does not exist\. Run produce first, or give --durable/);
});
