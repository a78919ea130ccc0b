import { deepEqual, equal, match, throws } from "node:assert/strict";
import { ActionScope, parseActionKinds } from "./action_scope.ts";

Deno.test("--allow takes comma lists, repeated, and names what it accepts", () => {
  deepEqual(parseActionKinds(["topology,connections", "policies", "topology"]), [
    "topology",
    "connections",
    "policies",
  ]);
  throws(() => parseActionKinds(["topology,users"]), /--allow takes topology, .*'users'/);
});

Deno.test("an action outside --allow is refused naming the flag; read-only refuses all", () => {
  const scope = new ActionScope({ readOnly: false, allow: ["topology"] });
  equal(scope.refusal("topology"), undefined);
  match(scope.refusal("connections")!, /--allow connections/);
  match(scope.refusal("definitions")!, /--allow definitions/);
  const readOnly = new ActionScope({ readOnly: true, allow: ["topology"] });
  match(readOnly.refusal("topology")!, /read-only/);
  deepEqual(readOnly.allowed, []);
});
