import assert from "node:assert/strict";
import { ProgressReporter } from "./progress.ts";

Deno.test("plain progress lines carry count, total, percent and rate", () => {
  const lines: string[] = [];
  const p = new ProgressReporter({
    label: "published",
    total: 100_000,
    every: 10_000,
    tty: false,
    write: (t) => lines.push(t),
  });
  assert.equal(p.interval, 10_000);
  p.update(10_000, 0.5);
  p.finish();
  assert.deepEqual(lines, ["published 10,000/100,000 (10%) 20,000 msg/s\n"]);
});

Deno.test("the terminal bar redraws in place and ends its line", () => {
  const out: string[] = [];
  const p = new ProgressReporter({
    label: "consumed",
    total: 1_000,
    every: 10_000,
    tty: true,
    write: (t) => out.push(t),
  });
  assert.ok(p.interval <= 100, "a bar asks for frequent updates");
  p.update(500, 1);
  p.update(1_000, 2);
  p.finish();
  assert.equal(
    out[0],
    `\r\x1b[2K[${"█".repeat(15)}${"░".repeat(15)}] consumed 500/1,000 (50%) 500 msg/s`,
  );
  assert.match(out[1], /\[█{30}\] consumed 1,000\/1,000 \(100%\)/);
  assert.equal(out[2], "\n");
});

Deno.test("without a known total, progress shows the count alone", () => {
  const lines: string[] = [];
  new ProgressReporter({
    label: "consumed",
    total: 0,
    every: 5,
    tty: false,
    write: (t) => lines.push(t),
  }).update(5, 1);
  assert.deepEqual(lines, ["consumed 5 5 msg/s\n"]);
});
