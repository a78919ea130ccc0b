import assert from "node:assert/strict";
import { publishBlocked } from "./access.ts";

Deno.test("publishBlocked: allowed exchanges pass, others say the scope, read-only says so", () => {
  const access = { readOnly: false, exchanges: ["orders", ""] };
  assert.equal(publishBlocked(access, "orders"), undefined);
  assert.equal(publishBlocked(access, ""), undefined);
  assert.equal(
    publishBlocked(access, "logs"),
    "exchange 'logs' is outside this monitor's write scope (it may publish to 'orders', '')",
  );
  assert.match(
    publishBlocked({ readOnly: false, exchanges: ["orders"] }, "") ?? "",
    /^the default exchange \(''\) is outside/,
  );
  assert.match(publishBlocked({ ...access, readOnly: true }, "orders") ?? "", /read-only/);
});
