// What the Node comparison clients share: our envelope (the message id carries send time, run
// id and seq, as ours does: lib/messaging/run_message_id.ts), a confirm window and the JSON line
// each prints, so that each script only says how its client publishes or consumes.
import crypto from "node:crypto";
import os from "node:os";

/** The machine's name, for the `host` header. */
export const HOST = os.hostname();

/** A function giving message `seq`'s id, sent at `ms`, in a run of its own. */
export function runMessageIds() {
  const runId = crypto.randomBytes(5).toString("hex");
  const run = `8${runId.slice(0, 3)}-8${runId.slice(3, 6)}-${runId.slice(6)}`;
  return (seq, ms) => {
    const t = ms.toString(16).padStart(12, "0");
    return `${t.slice(0, 8)}-${t.slice(8)}-${run}${seq.toString(16).padStart(8, "0")}`;
  };
}

/** At most `size` publishes awaiting their confirm: `take()` before each, `settle()` after. */
export class ConfirmWindow {
  constructor(size) {
    this.size = size;
    this.inFlight = 0;
    this.acked = 0;
    this.failed = 0;
    this.wake = null;
  }

  /** Resolves once a publish may go out. */
  async take() {
    while (this.inFlight >= this.size) await new Promise((resolve) => (this.wake = resolve));
    this.inFlight++;
  }

  /** A publish was confirmed (or failed, with `error`). */
  settle(error) {
    this.inFlight--;
    if (error) this.failed++;
    else this.acked++;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Resolves once every publish taken was settled. */
  async drained() {
    while (this.inFlight > 0) await new Promise((resolve) => (this.wake = resolve));
  }
}

/** The one JSON line a producer prints: a returned message counts as failed, not confirmed. */
export function publishSummary(client, { count, window, returned, seconds, startedAt }) {
  const confirmed = window.acked - returned;
  return JSON.stringify({
    client,
    role: "publish",
    count,
    confirmed,
    failed: window.failed + returned,
    seconds,
    rate: confirmed / seconds,
    started_at_ms: startedAt,
  });
}

/** The one JSON line a consumer prints. */
export function consumeSummary(client, { received, seconds }) {
  return JSON.stringify({
    client,
    role: "consume",
    count: received,
    seconds,
    rate: received / seconds,
  });
}
