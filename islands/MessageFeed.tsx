/**
 * Messages as they are routed, from the server's private tap queue: sender, seq, time,
 * redelivered and the body as text. Pause keeps the list still; the filter narrows it.
 */
import { useComputed, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { type FeedBatch, type FeedMessage, formatRate } from "../lib/shared/mod.ts";

const KEEP = 200;
const SHOWN_BODY = 160;

export default function MessageFeed(props: { query: string; title: string }) {
  const messages = useSignal<FeedMessage[]>([]);
  const paused = useSignal(false);
  const filter = useSignal("");
  const perSecond = useSignal(0);
  const state = useSignal<"connecting" | "live" | "error">("connecting");
  const problem = useSignal("");

  useEffect(() => {
    const source = new EventSource(`/api/feed?${props.query}`);
    let counted = 0;
    const started = performance.now();
    let windowStart = started;
    source.addEventListener("open", () => (state.value = "live"));
    source.addEventListener("messages", (event) => {
      const batch: FeedBatch = JSON.parse((event as MessageEvent).data);
      counted += batch.count;
      if (!paused.peek()) {
        messages.value = [...batch.messages.reverse(), ...messages.peek()].slice(0, KEEP);
      }
    });
    source.addEventListener("problem", (event) => {
      state.value = "error";
      problem.value = (event as MessageEvent).data;
      source.close();
    });
    source.addEventListener("error", () => {
      if (state.peek() !== "error") state.value = "connecting";
    });
    // Messages per second as the feed itself sees them: activity shows before the broker's stats.
    const timer = setInterval(() => {
      const now = performance.now();
      perSecond.value = counted / ((now - windowStart) / 1000);
      counted = 0;
      windowStart = now;
    }, 1000);
    return () => {
      clearInterval(timer);
      source.close();
    };
  }, [props.query]);

  const shown = useComputed(() => {
    const needle = filter.value.trim().toLowerCase();
    if (!needle) return messages.value;
    return messages.value.filter((m) =>
      `${m.producerId}@${m.host} ${m.seq ?? ""} ${m.body} ${m.routingKey}`.toLowerCase().includes(
        needle,
      )
    );
  });

  return (
    <section class="feed">
      <header class="feed-head">
        <h2>{props.title}</h2>
        <span class={`live ${state.value === "live" ? "on" : ""}`}>{state.value}</span>
        <span class="feed-rate" data-field="feed-rate">{formatRate(perSecond.value)}</span>
        <input
          type="search"
          placeholder="filter"
          aria-label="filter messages"
          value={filter.value}
          onInput={(e) => (filter.value = (e.target as HTMLInputElement).value)}
        />
        <button type="button" onClick={() => (paused.value = !paused.value)}>
          {paused.value ? "Resume" : "Pause"}
        </button>
      </header>
      {problem.value && <p class="banner">{problem.value}</p>}
      <div class="feed-scroll">
        <table class="feed-table">
          <thead>
            <tr>
              <th>time</th>
              <th>from</th>
              <th>seq</th>
              <th>routing key</th>
              <th>body</th>
            </tr>
          </thead>
          <tbody>
            {shown.value.length === 0 && (
              <tr>
                <td colSpan={5} class="muted">
                  {paused.value
                    ? "paused"
                    : "waiting for messages… (publish some with deno task produce)"}
                </td>
              </tr>
            )}
            {shown.value.map((m, i) => (
              <tr key={`${m.messageId}-${i}`} class={m.redelivered ? "redelivered" : ""}>
                <td class="mono">{new Date(m.timestamp).toLocaleTimeString()}</td>
                <td>
                  {m.producerId
                    ? `from=${m.producerId}@${m.host}`
                    : <span class="muted">foreign</span>}
                </td>
                <td class="mono">{m.seq ?? ""}</td>
                <td class="mono">{m.routingKey}</td>
                <td class="body">
                  {m.body.length > SHOWN_BODY ? `${m.body.slice(0, SHOWN_BODY)}…` : m.body}
                  {m.size > m.body.length && <span class="muted">{` (${m.size} bytes)`}</span>}
                  {m.redelivered && <span class="tag">redelivered</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
