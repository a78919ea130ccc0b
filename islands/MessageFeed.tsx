/**
 * Messages as they are routed, from the server's private tap queue: sender, seq, time,
 * redelivered and the body as text. Pause keeps the list still; the filter narrows it.
 */
import { type Signal, useComputed, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { InspectableMessages } from "../components/InspectableMessages.tsx";
import { type FeedBatch, formatRate, type InspectedMessage } from "../lib/shared/mod.ts";
import { SearchBox } from "../components/SearchBox.tsx";

/** Messages kept in the page, newest first. */
const KEEP = 200;

type FeedState = "connecting" | "live" | "error";

export default function MessageFeed(props: { query: string; title: string }) {
  const paused = useSignal(false);
  const filter = useSignal("");
  const feed = useFeed(props.query, paused);
  const shown = useComputed(() => matching(feed.messages.value, filter.value));
  const empty = paused.value
    ? "paused"
    : "waiting for messages… (publish some with deno task produce)";
  return (
    <section class="feed">
      <header class="feed-head">
        <h2>{props.title}</h2>
        <span class={`live ${feed.state.value === "live" ? "on" : ""}`}>{feed.state.value}</span>
        <span class="feed-rate" data-field="feed-rate">{formatRate(feed.perSecond.value)}</span>
        <SearchBox value={filter} placeholder="filter" label="filter messages" />
        <button type="button" onClick={() => (paused.value = !paused.value)}>
          {paused.value ? "Resume" : "Pause"}
        </button>
      </header>
      {feed.problem.value && <p class="banner">{feed.problem.value}</p>}
      <InspectableMessages messages={shown.value} empty={empty} />
    </section>
  );
}

/** The messages whose sender, seq, body or routing key contain the filter text. */
function matching(messages: InspectedMessage[], filter: string): InspectedMessage[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return messages;
  return messages.filter((m) =>
    `${m.producerId}@${m.host} ${m.seq ?? ""} ${m.body} ${m.routingKey}`.toLowerCase()
      .includes(needle)
  );
}

/**
 * The feed's stream for `query`: the latest messages (held still while paused), messages per
 * second as the feed itself sees them (activity shows before the broker's stats), the
 * stream's state and the server's problem, if it sent one.
 */
function useFeed(query: string, paused: Signal<boolean>) {
  const messages = useSignal<InspectedMessage[]>([]);
  const perSecond = useSignal(0);
  const state = useSignal<FeedState>("connecting");
  const problem = useSignal("");
  useEffect(() => {
    const source = new EventSource(`/api/feed?${query}`);
    let counted = 0;
    let windowStart = performance.now();
    source.addEventListener("open", () => (state.value = "live"));
    source.addEventListener("messages", (event) => {
      const batch: FeedBatch = JSON.parse((event as MessageEvent).data);
      counted += batch.count;
      if (paused.peek()) return;
      messages.value = [...batch.messages.reverse(), ...messages.peek()].slice(0, KEEP);
    });
    source.addEventListener("problem", (event) => {
      state.value = "error";
      problem.value = (event as MessageEvent).data;
      source.close();
    });
    source.addEventListener("error", () => {
      if (state.peek() !== "error") state.value = "connecting";
    });
    const timer = setInterval(() => {
      const now = performance.now();
      perSecond.value = counted / ((now - windowStart) / 1000);
      [counted, windowStart] = [0, now];
    }, 1000);
    return () => {
      clearInterval(timer);
      source.close();
    };
  }, [query]);
  return { messages, perSecond, state, problem };
}
