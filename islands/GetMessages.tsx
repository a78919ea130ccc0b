/**
 * "Get messages" on a queue's page: the first N messages with their properties and headers,
 * with the management UI's ack modes: left in the queue (handed back marked redelivered),
 * taken (acked), or rejected without requeue; the two that take ask once more first.
 */
import { useSignal } from "@preact/signals";
import { Field } from "../components/Field.tsx";
import { InspectableMessages } from "../components/InspectableMessages.tsx";
import type { InspectedMessage, QueueAccess } from "../lib/shared/mod.ts";

export default function GetMessages(props: { queue: string; access: QueueAccess }) {
  const count = useSignal(5);
  const busy = useSignal(false);
  const messages = useSignal<InspectedMessage[] | null>(null);
  const problem = useSignal("");
  const mode = useSignal<"requeue" | "ack" | "reject">("requeue");
  const asking = useSignal(false);

  const get = async (event?: Event) => {
    event?.preventDefault();
    // Taking them is asked once more in the page.
    if (mode.value !== "requeue" && !asking.value) {
      asking.value = true;
      return;
    }
    asking.value = false;
    busy.value = true;
    problem.value = "";
    try {
      const response = await fetch(`/api/queues/${encodeURIComponent(props.queue)}/get`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ count: Number(count.value), ack_mode: mode.value }),
      });
      const answer = await response.json();
      if (response.ok) messages.value = answer.messages;
      else problem.value = answer.error ?? `the monitor answered ${response.status}`;
    } catch (error) {
      problem.value = `the monitor did not answer: ${String(error)}`;
    }
    busy.value = false;
  };

  if (props.access.stream) {
    return (
      <section class="get-messages">
        <h2>Get messages</h2>
        <p class="muted" data-field="stream-note">
          A stream is read from an offset, not taken from its head: watch the live feed, or replay
          it from any offset.
        </p>
      </section>
    );
  }
  const refused = props.access.refused;
  return (
    <section class="get-messages">
      <form class="feed-head" onSubmit={get}>
        <h2>Get messages</h2>
        <Field label="Count" name="count" type="number" min={1} max={100} value={count} />
        <label>
          Ack mode{" "}
          <select
            name="ack-mode"
            value={mode.value}
            onChange={(e) => {
              mode.value = (e.target as HTMLSelectElement).value as "requeue";
              asking.value = false;
            }}
          >
            <option value="requeue">requeue (leave them)</option>
            <option value="ack">ack (take them)</option>
            <option value="reject">reject, no requeue (dead-letter or drop)</option>
          </select>
        </label>
        <button type="submit" disabled={busy.value || refused !== undefined}>
          {busy.value ? "Getting…" : "Get messages"}
        </button>
      </form>
      {refused && <p class="muted" data-field="get-refused">{refused}</p>}
      {asking.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>
            {mode.value === "ack"
              ? `Take up to ${count.value} messages from '${props.queue}'? They leave the queue.`
              : `Reject up to ${count.value} messages of '${props.queue}' without requeue? They are dead-lettered, or dropped.`}
          </span>
          <button type="button" class="danger" data-confirm="get" onClick={() => get()}>
            Yes
          </button>
          <button type="button" onClick={() => (asking.value = false)}>Cancel</button>
        </div>
      )}
      <p class="muted">
        Read from the head of the queue. With requeue they are handed back: they stay in the queue,
        in their places, marked redelivered. Click a row for its properties and headers.
      </p>
      {problem.value && <p class="banner" role="alert">{problem.value}</p>}
      {messages.value && (
        <InspectableMessages messages={messages.value} empty="the queue is empty" />
      )}
    </section>
  );
}
