import assert from "node:assert/strict";
import { chartRange } from "./chart_ranges.ts";

Deno.test("chartRange: 5 minutes by default, 1 hour for any chart, 8 hours for the overview", () => {
  assert.equal((chartRange(undefined, { queue: true }) as { seconds: number }).seconds, 300);
  assert.equal((chartRange("3600", { queue: true }) as { step: number }).step, 60);
  assert.equal((chartRange("28800", { queue: false }) as { step: number }).step, 600);
});

Deno.test("chartRange: anything else is one line naming the field and what it takes", () => {
  assert.equal(chartRange("28800", { queue: true }), "seconds: a queue's chart takes 300 or 3600");
  assert.equal(
    chartRange("7", { queue: false }),
    "seconds: the overview's chart takes 300, 3600 or 28800",
  );
});
