import assert from "node:assert/strict";
import { DrillReport } from "./drill_report.ts";

Deno.test("DrillReport: PASS until a check fails; the first failure is the verdict", () => {
  const heard: string[] = [];
  const report = new DrillReport("reliability", (line) => heard.push(line));
  report.step("published 10");
  assert.equal(report.check(true, "never said"), true);
  assert.equal(report.verdict, "PASS");
  assert.equal(report.check(false, "3 messages missing"), false);
  report.check(false, "the audit queue holds 7");
  report.figures({ consumed: 7 });
  assert.equal(report.verdict, "FAIL: 3 messages missing");
  assert.deepEqual(report.toJSON(), {
    drill: "reliability",
    passed: false,
    failure: "3 messages missing",
    steps: heard,
    figures: { consumed: 7 },
  });
  assert.equal(heard[1], "check failed: 3 messages missing");
});
