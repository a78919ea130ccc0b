import assert from "node:assert/strict";
import { parseFlags } from "./flags.ts";
import { command } from "./flags.ts";
import {
  addAuditFlags,
  addTopologyFlags,
  type AuditFlagValues,
  checkTopologyFlags,
  TOPOLOGY_FLAG_KEYS,
  type TopologyFlagValues,
  topologyOf,
} from "./topology_flags.ts";

type Flags = TopologyFlagValues & AuditFlagValues;
const parse = (argv: string[]) =>
  parseFlags<Flags>(addAuditFlags(addTopologyFlags(command("t", "test"))), argv);

Deno.test("the topology flags map to the Topology lib/ declares", () => {
  const flags = parse([
    "--exchange",
    "logs",
    "--exchange-type",
    "topic",
    "--transient-exchange",
    "--routing-key",
    "logs.eu",
    "--binding-key",
    "logs.#",
    "--queue",
    "q",
    "--queue-type",
    "quorum",
    "--delivery-limit",
    "5",
    "--dead-letter",
  ]);
  checkTopologyFlags(flags, { priority: false });
  const topology = topologyOf(flags, { priority: false });
  assert.equal(topology.exchange, "logs");
  assert.equal(topology.exchangeType, "topic");
  assert.equal(topology.transientExchange, true);
  assert.equal(topology.bindingKey, "logs.#");
  assert.equal(topology.queueType, "quorum");
  assert.equal(topology.deliveryLimit, 5);
  assert.equal(topology.deadLetter, true);
  assert.equal(topology.durable, true, "queues are durable unless --transient-queues");
  assert.equal(topology.auditQueue, "audit.queue");
});

Deno.test("the default exchange routes by queue name: no audit copy, key = --queue", () => {
  const flags = parse(["--exchange", "", "--queue", "hello"]);
  checkTopologyFlags(flags, { priority: false });
  assert.equal(flags.routingKey, "hello");
  assert.equal(flags.auditQueue, "");
});

Deno.test("without the audit flags (consume) there is no audit queue", () => {
  const flags = parseFlags<TopologyFlagValues>(addTopologyFlags(command("t", "test")), []);
  assert.equal(topologyOf(flags, { priority: false }).auditQueue, "");
});

Deno.test("combinations the broker refuses are one line naming the flags", () => {
  const refuse = (argv: string[], pattern: RegExp) =>
    assert.throws(() => checkTopologyFlags(parse(argv), { priority: false }), pattern);
  refuse(["--bind-header", "a=b"], /--bind-header and --match need --exchange-type headers/);
  refuse(["--exchange", "", "--binding-key", "k"], /need an exchange: the default exchange/);
  refuse(["--audit-queue", "work.queue"], /--audit-queue must differ from --queue/);
  refuse(["--queue-type", "stream", "--dead-letter"], /--dead-letter and --message-ttl need/);
  refuse(["--delivery-limit", "3"], /--delivery-limit applies to quorum queues only/);
  refuse(["--queue", ""], /--queue must not be empty/);
});

Deno.test("every topology flag but --queue says a missing queue may be created", () => {
  assert.ok(TOPOLOGY_FLAG_KEYS.includes("durable") && TOPOLOGY_FLAG_KEYS.includes("exchange"));
  assert.ok(!TOPOLOGY_FLAG_KEYS.includes("queue"));
});
