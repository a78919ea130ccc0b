/**
 * "Get messages" on a queue's page: the first N messages with their properties and headers,
 * left in the queue (handed back marked redelivered), as the management UI's "get, requeue".
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

  const get = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    problem.value = "";
    try {
      const response = await fetch(
        `/api/queues/${encodeURIComponent(props.queue)}/messages?count=${count.value}`,
      );
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
        <button type="submit" disabled={busy.value || refused !== undefined}>
          {busy.value ? "Getting…" : "Get messages"}
        </button>
      </form>
      {refused && <p class="muted" data-field="get-refused">{refused}</p>}
      <p class="muted">
        Read from the head of the queue and handed back: they stay in the queue, in their places,
        marked redelivered. Click a row for its properties and headers.
      </p>
      {problem.value && <p class="banner" role="alert">{problem.value}</p>}
      {messages.value && (
        <InspectableMessages messages={messages.value} empty="the queue is empty" />
      )}
    </section>
  );
}
