/**
 * Dead-letter redrive from the queue's page: its messages back to where each one died (or to an
 * exchange and routing key given), after a confirmation in the page; the answer counts moved,
 * skipped (no origin) and failed. Outside the write scope it is disabled with the reason.
 */
import { useSignal } from "@preact/signals";
import type { QueueAccess } from "../lib/shared/mod.ts";

export default function QueueRedrive(props: { queue: string; access: QueueAccess }) {
  const exchange = useSignal("");
  const routingKey = useSignal("");
  const asking = useSignal(false);
  const busy = useSignal(false);
  const outcome = useSignal<{ ok: boolean; text: string } | null>(null);
  const { refused } = props.access;
  const off = busy.value || refused !== undefined;
  const where = exchange.value.trim()
    ? `exchange '${exchange.value.trim()}'`
    : "the queue each one died in";

  const run = async () => {
    busy.value = true;
    outcome.value = await request(props.queue, exchange.value.trim(), routingKey.value);
    busy.value = false;
    asking.value = false;
  };
  const text =
    (s: { value: string }) => (e: Event) => (s.value = (e.target as HTMLInputElement).value);
  return (
    <section class="queue-redrive" aria-label="redrive">
      <h2>Redrive dead letters</h2>
      <p class="muted">
        Sends this queue's messages back to where each one died (x-first-death-queue), or to the
        exchange given; each is removed here only once the broker confirmed its copy.
      </p>
      <div class="actions-row">
        <label>
          exchange{" "}
          <input
            name="redrive-exchange"
            placeholder="(each one's origin)"
            value={exchange.value}
            disabled={refused !== undefined}
            onInput={text(exchange)}
          />
        </label>
        <label>
          routing key{" "}
          <input
            name="redrive-routing-key"
            placeholder="(each one's own)"
            value={routingKey.value}
            disabled={refused !== undefined || exchange.value.trim() === ""}
            onInput={text(routingKey)}
          />
        </label>
        <button type="button" disabled={off} onClick={() => (asking.value = true)}>
          Redrive
        </button>
      </div>
      {refused && <p class="muted" data-field="redrive-refused">{refused}</p>}
      {asking.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>Send every message of '{props.queue}' to {where}?</span>
          <button
            type="button"
            class="danger"
            data-confirm="redrive"
            disabled={busy.value}
            onClick={run}
          >
            {busy.value ? "Working…" : "Yes"}
          </button>
          <button type="button" onClick={() => (asking.value = false)}>Cancel</button>
        </div>
      )}
      {outcome.value && (
        <p class={outcome.value.ok ? "result ok" : "result error"} role="status">
          {outcome.value.text}
        </p>
      )}
    </section>
  );
}

/** Sends the redrive to the monitor and says how it went. */
async function request(
  queue: string,
  exchange: string,
  routingKey: string,
): Promise<{ ok: boolean; text: string }> {
  const body = exchange ? { exchange, ...(routingKey ? { routing_key: routingKey } : {}) } : {};
  try {
    const response = await fetch(`/api/queues/${encodeURIComponent(queue)}/redrive`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const a = await response.json();
    const counts = `moved ${a.moved ?? 0}, skipped ${a.skipped ?? 0} (no origin), failed ${
      a.failed ?? 0
    }`;
    if (!response.ok) return { ok: false, text: a.error ?? `answered ${response.status}` };
    return { ok: a.moved === a.read, text: counts };
  } catch (error) {
    return { ok: false, text: `the monitor did not answer: ${String(error)}` };
  }
}
