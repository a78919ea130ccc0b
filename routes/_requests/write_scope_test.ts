import assert from "node:assert/strict";
import { FIREHOSE, WriteScope } from "./write_scope.ts";

const hints = {
  readOnly: "started with --read-only",
  allow: (x: string) => `start the monitor with --publish-exchange '${x}' to allow it`,
};

Deno.test("publishing: only the exchanges in scope; nothing when read-only", () => {
  const scope = new WriteScope({ readOnly: false, exchanges: ["orders"], hints });
  assert.match(
    new WriteScope({ readOnly: false, exchanges: [] }).publishRefusal("x") ?? "",
    /outside this monitor's write scope \(none\); allow it by adding 'x' to the exchanges it may publish to$/,
  );
  assert.equal(scope.publishRefusal("orders"), undefined);
  assert.match(scope.publishRefusal("") ?? "", /default exchange.*--publish-exchange ''/);
  const readOnly = new WriteScope({ readOnly: true, exchanges: ["orders"] });
  assert.match(readOnly.publishRefusal("orders") ?? "", /read-only/);
});

Deno.test("consuming: a queue bound from an exchange in scope; never when read-only", () => {
  const scope = new WriteScope({ readOnly: false, exchanges: ["orders"], hints });
  assert.equal(scope.queueRefusal("orders.work", ["", "orders"]), undefined);
  assert.match(
    scope.queueRefusal("billing.work", ["", "billing"]) ?? "",
    /queue 'billing.work' is outside.*bound from 'billing'.*--publish-exchange/,
  );
  assert.match(
    scope.queueRefusal("lonely", [""]) ?? "",
    /bound from no exchange but the default one/,
  );
  const readOnly = new WriteScope({ readOnly: true, exchanges: ["orders"] });
  assert.match(readOnly.queueRefusal("orders.work", ["orders"]) ?? "", /read-only/);
});

Deno.test("tapping: exchanges in scope, never the firehose", () => {
  const scope = new WriteScope({ readOnly: true, exchanges: ["orders", FIREHOSE] });
  assert.equal(scope.mayTap("orders"), true);
  assert.equal(scope.mayTap("billing"), false);
  assert.equal(scope.mayTap(FIREHOSE), false);
});
