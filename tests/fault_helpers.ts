/**
 * Helpers of the broker fault tests (each in a file of its own, so they run in parallel): a
 * private node's queue depth, draining it, and the Jepsen-style tally they print.
 */
import assert from "node:assert/strict";
import type { ConsumeSummary } from "../scripts/consume.ts";
import { depthReaches as helpersDepthReaches, jsonOf, queueDepth, spawnScript } from "./helpers.ts";

// Enough that a run is well under way when the broker dies and still has most of its work ahead.
export const N = 50_000;
/** The topology of every fault test (on its private node). */
export const topology = ["--exchange", "fault.x", "--queue", "fault.q", "--audit-queue", ""];

/** Messages ready in the fault queue. */
export function depth(url: string): Promise<number> {
  return queueDepth("fault.q", url);
}

/** Waits until the fault queue holds at least (or, with `below`, fewer than) `count` messages. */
export function depthReaches(url: string, count: number, below = false): Promise<number> {
  return helpersDepthReaches("fault.q", count, { url, below });
}

/**
 * Consumes the whole queue (the consumer stops by itself once nothing came for 5 s, acking
 * everything it handled); returns how many distinct messages and how many copies arrived.
 */
export async function drain(
  url: string,
): Promise<{ unique: number; duplicates: number }> {
  const run = await spawnScript("consume", [
    "--url",
    url,
    "--queue",
    "fault.q",
    "--idle-timeout",
    "5",
    "--json",
  ]).done;
  assert.equal(run.code, 0, run.stderr);
  assert.equal(await depth(url), 0, "the queue was drained");
  const c = jsonOf<ConsumeSummary>(run);
  return { unique: c.consumed - c.duplicates, duplicates: c.duplicates };
}

/** The Jepsen-style tally line. */
export function tally(ok: number, lost: number, duplicated: number): string {
  return `ok=${ok} lost=${lost} recovered=0 duplicated=${duplicated} unexpected=0`;
}
