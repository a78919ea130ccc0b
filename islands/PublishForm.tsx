/** Publish test messages through the monitor's API (confirmed by the broker before it answers). */
import { useSignal } from "@preact/signals";

interface PublishAnswer {
  published?: number;
  confirmed?: number;
  returned?: number;
  message_ids?: string[];
  error?: string;
}

export default function PublishForm(props: { exchange: string; routingKey: string }) {
  const exchange = useSignal(props.exchange);
  const routingKey = useSignal(props.routingKey);
  const body = useSignal("Hello from the monitor");
  const count = useSignal(1);
  const busy = useSignal(false);
  const result = useSignal<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    result.value = null;
    try {
      const response = await fetch("/api/publish", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          exchange: exchange.value,
          routing_key: routingKey.value,
          body: body.value,
          count: count.value,
        }),
      });
      const answer: PublishAnswer = await response.json();
      result.value = response.ok
        ? {
          ok: (answer.returned ?? 0) === 0,
          text: `confirmed ${answer.confirmed} of ${answer.published}` +
            (answer.returned ? `, ${answer.returned} returned (no queue bound)` : "") +
            (answer.message_ids?.length ? ` · first id ${answer.message_ids[0]}` : ""),
        }
        : { ok: false, text: answer.error ?? `failed (${response.status})` };
    } catch (error) {
      result.value = { ok: false, text: `could not reach the monitor: ${error}` };
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="publish" onSubmit={submit}>
      <h2>Publish</h2>
      <label>
        Exchange
        <input
          name="exchange"
          value={exchange.value}
          onInput={(e) => (exchange.value = (e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Routing key
        <input
          name="routing_key"
          value={routingKey.value}
          onInput={(e) => (routingKey.value = (e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Count
        <input
          name="count"
          type="number"
          min={1}
          max={1000}
          value={count.value}
          onInput={(e) => (count.value = Number((e.target as HTMLInputElement).value))}
        />
      </label>
      <button type="submit" disabled={busy.value}>{busy.value ? "Publishing…" : "Publish"}</button>
      <label class="wide">
        Body
        <textarea
          name="body"
          rows={2}
          value={body.value}
          onInput={(e) => (body.value = (e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {result.value && (
        <p class={result.value.ok ? "result ok" : "result error"} role="status">
          {result.value.text}
        </p>
      )}
    </form>
  );
}
