import assert from "node:assert/strict";
import { command, parseFlags } from "./flags.ts";
import {
  addDeliveryFlags,
  checkDeliveryFlags,
  type DeliveryFlagValues,
  deliveryOf,
} from "./delivery_flags.ts";

const parse = (argv: string[]) => {
  const flags = parseFlags<DeliveryFlagValues>(
    addDeliveryFlags(command("t", "test"), { ending: true }),
    argv,
  );
  checkDeliveryFlags(flags);
  return flags;
};

Deno.test("the ack batch follows the prefetch: 100, or the prefetch when smaller", () => {
  assert.equal(parse([]).ackEvery, 100);
  assert.equal(parse(["--prefetch", "1"]).ackEvery, 1);
  assert.equal(parse(["--prefetch", "10"]).ackEvery, 10);
  assert.equal(parse(["--prefetch", "500", "--ack-every", "250"]).ackEvery, 250);
});

Deno.test("an ack batch above the prefetch is refused, naming both flags", () => {
  assert.throws(
    () => parse(["--prefetch", "10", "--ack-every", "20"]),
    /--ack-every \(20\) must not exceed --prefetch \(10\)/,
  );
  assert.doesNotThrow(() => parse(["--prefetch", "10", "--ack-every", "20", "--auto-ack"]));
});

Deno.test("--ack-interval bounds how long a handled message waits for its ack: 200 ms unless told", () => {
  assert.deepEqual(deliveryOf(parse([])), {
    prefetch: 1_000,
    ackEvery: 100,
    ackIntervalMs: 200,
    autoAck: false,
  });
  assert.equal(deliveryOf(parse(["--ack-interval", "5000"])).ackIntervalMs, 5_000);
  assert.throws(() => parse(["--ack-interval", "0"]), /--ack-interval/);
  assert.throws(() => parse(["--ack-interval", "60001"]), /--ack-interval/);
});
