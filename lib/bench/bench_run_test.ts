import assert from "node:assert/strict";
import { DuplicateTracker } from "../messaging/mod.ts";
import { countLost } from "./bench_run.ts";

Deno.test("countLost: a confirmed message that never arrived is lost; a refused one is not", () => {
  const received = new DuplicateTracker();
  for (const seq of [1, 2, 4]) received.markSeq("0", seq);
  for (const seq of [1, 2, 3]) received.markSeq("1", seq);
  assert.equal(
    countLost([{ published: 4, confirmed: 4 }, { published: 3, confirmed: 3 }], received),
    1,
  );
  assert.equal(
    countLost([{ published: 4, confirmed: 3 }, { published: 3, confirmed: 3 }], received),
    0,
  );
  assert.equal(countLost([{ published: 5, confirmed: 5 }], received), 2, "3 and 5 of producer 0");
});
