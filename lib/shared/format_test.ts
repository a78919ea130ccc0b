import assert from "node:assert/strict";
import {
  formatBytes,
  formatBytesRate,
  formatCount,
  formatInteger,
  formatMs,
  formatRate,
} from "./format.ts";

Deno.test("formatCount shortens counts the way the management UI reads", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [950, "950"],
    [1_000, "1K"],
    [1_500, "1.5K"],
    [10_000, "10K"],
    [15_400, "15K"],
    [999_999, "1M"],
    [12.7, "13"],
    [-1_500, "-1.5K"],
    [1_000_000, "1M"],
    [1_500_000, "1.5M"],
    [2_345_678_901, "2.3B"],
  ];
  for (const [n, text] of cases) assert.equal(formatCount(n), text, String(n));
});

Deno.test("formatInteger groups thousands", () => {
  assert.equal(formatInteger(0), "0");
  assert.equal(formatInteger(999), "999");
  assert.equal(formatInteger(1_234_567), "1,234,567");
  assert.equal(formatInteger(10_000.4), "10,000");
});

Deno.test("formatMs picks a readable unit", () => {
  assert.equal(formatMs(0), "0ms");
  assert.equal(formatMs(12.4), "12ms");
  assert.equal(formatMs(1_530), "1.53s");
  assert.equal(formatMs(125_000), "2m05s");
  // Seconds that round up to a whole minute carry into the minutes.
  assert.equal(formatMs(779_700), "13m00s");
  assert.equal(formatMs(119_600), "2m00s");
});

Deno.test("formatRate shows small rates with a decimal and large ones short", () => {
  assert.equal(formatRate(0), "0/s");
  assert.equal(formatRate(0.25), "0.3/s");
  assert.equal(formatRate(3), "3/s");
  assert.equal(formatRate(1_234), "1.2K/s");
  assert.equal(formatRate(52_000), "52K/s");
});

Deno.test("formatBytesRate picks B, KB or MB", () => {
  assert.equal(formatBytesRate(512), "512 B/s");
  assert.equal(formatBytesRate(1_536), "1.5 KB/s");
  assert.equal(formatBytesRate(3.2 * 1024 * 1024), "3.2 MB/s");
});

Deno.test("formatBytes climbs from B to TB", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(140_861_440), "134.3 MB");
  assert.equal(formatBytes(10_110_600_806), "9.4 GB");
  assert.equal(formatBytes(3 * 1024 ** 5), "3072.0 TB");
});
