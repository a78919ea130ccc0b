import assert from "node:assert/strict";
import { checkHeld } from "./drill_checks.ts";
import { DrillReport } from "./drill_report.ts";

Deno.test("checkHeld: a queue holding more than was confirmed says more, and who put it there", () => {
  const report = new DrillReport("reliability");
  checkHeld(report, "drill.work", 20_025, 20_000);
  assert.equal(
    report.verdict,
    "FAIL: drill.work holds 25 more than the 20,000 confirmed messages " +
      "(another client published into it)",
  );
  assert.deepEqual(report.toJSON().steps, [
    "drill.work holds 20,025 messages",
    `check failed: ${report.toJSON().failure}`,
  ]);
});

Deno.test("checkHeld: a queue holding fewer says how many of the confirmed are there", () => {
  const report = new DrillReport("reliability");
  checkHeld(report, "drill.audit", 19_990, 20_000);
  assert.equal(
    report.verdict,
    "FAIL: drill.audit holds 19,990 of 20,000 confirmed messages " +
      "(a length limit or TTL in a policy, or another consumer, took the rest)",
  );
  const unknown = new DrillReport("reliability");
  checkHeld(unknown, "drill.audit", undefined, 10);
  assert.match(unknown.verdict, /holds 0 of 10 confirmed messages/);
});

Deno.test("checkHeld: exactly the confirmed count passes; with atLeast, more passes too", () => {
  const exact = new DrillReport("reliability");
  checkHeld(exact, "drill.work", 10_000, 10_000);
  assert.equal(exact.verdict, "PASS");
  const atLeast = new DrillReport("restart");
  checkHeld(atLeast, "drill.work", 10_004, 10_000, true);
  assert.equal(atLeast.verdict, "PASS");
});
