/** Publish test messages through the monitor's API (confirmed by the broker before it answers). */
import { useSignal } from "@preact/signals";
import { Field } from "../components/Field.tsx";
import { type PublishAccess, publishBlocked } from "../lib/shared/mod.ts";

interface PublishAnswer {
  published?: number;
  confirmed?: number;
  returned?: number;
  message_ids?: string[];
  error?: string;
}

/** What the form shows after a publish: the broker's count, or why it failed. */
interface Outcome {
  ok: boolean;
  text: string;
}

export default function PublishForm(
  props: { exchange: string; routingKey: string; access: PublishAccess },
) {
  const exchange = useSignal(props.exchange);
  const routingKey = useSignal(props.routingKey);
  const body = useSignal("Hello from the monitor");
  const count = useSignal(1);
  const busy = useSignal(false);
  const result = useSignal<Outcome | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    result.value = null;
    result.value = await publish({
      exchange: exchange.value,
      routing_key: routingKey.value,
      body: body.value,
      count: count.value,
    });
    busy.value = false;
  };

  // Checked as the exchange is typed: the server would refuse one outside the write scope.
  const blocked = publishBlocked(props.access, exchange.value);
  return (
    <form class="publish" onSubmit={submit}>
      <h2>Publish</h2>
      <Field label="Exchange" name="exchange" value={exchange} />
      <Field label="Routing key" name="routing_key" value={routingKey} />
      <Field label="Count" name="count" type="number" min={1} max={1000} value={count} />
      <button type="submit" disabled={busy.value || blocked !== undefined}>
        {busy.value ? "Publishing…" : "Publish"}
      </button>
      <Field label="Body" name="body" rows={2} value={body} class="wide" />
      {blocked && <p class="muted wide" data-field="publish-refused">{blocked}</p>}
      {result.value && (
        <p class={result.value.ok ? "result ok" : "result error"} role="status">
          {result.value.text}
        </p>
      )}
    </form>
  );
}

/** Sends one publish request to the monitor and says how it went. */
async function publish(request: Record<string, unknown>): Promise<Outcome> {
  try {
    const response = await fetch("/api/publish", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    const answer: PublishAnswer = await response.json();
    if (!response.ok) return { ok: false, text: answer.error ?? `failed (${response.status})` };
    return {
      ok: (answer.returned ?? 0) === 0,
      text: `confirmed ${answer.confirmed} of ${answer.published}` +
        (answer.returned ? `, ${answer.returned} returned (no queue bound)` : "") +
        (answer.message_ids?.length ? ` · first id ${answer.message_ids[0]}` : ""),
    };
  } catch (error) {
    return { ok: false, text: `could not reach the monitor: ${error}` };
  }
}
