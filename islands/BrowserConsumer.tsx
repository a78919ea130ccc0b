/**
 * The tutorials' GUI consumer window: Consume starts a real competing consumer on the queue,
 * run by the monitor while this page reads from it (manual acks, after each message reached the
 * page); Stop, or leaving the page, ends it and what it had not passed on goes back.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { Field } from "../components/Field.tsx";
import { InspectableMessages } from "../components/InspectableMessages.tsx";
import { formatInteger, type InspectedMessage, type QueueAccess } from "../lib/shared/mod.ts";

/** Messages kept in the page, newest first. */
const KEEP = 500;

/** One line of the monitor's consume stream. */
type ConsumeLine =
  | { type: "started"; tag: string }
  | { type: "message"; message: InspectedMessage }
  | { type: "ended"; error: string };

export default function BrowserConsumer(props: { queue: string; access: QueueAccess }) {
  const prefetch = useSignal(10);
  const tag = useSignal("");
  const taken = useSignal<InspectedMessage[]>([]);
  const total = useSignal(0);
  const problem = useSignal("");
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []); // leaving the page stops it

  const toggle = () => {
    if (running.current) return running.current.abort();
    const controller = running.current = new AbortController();
    problem.value = "";
    tag.value = "starting…";
    void consume(props.queue, prefetch.value, controller.signal, (line) => {
      if (line.type === "started") tag.value = line.tag;
      else if (line.type === "message") {
        total.value++;
        taken.value = [line.message, ...taken.peek()].slice(0, KEEP);
      } else problem.value = line.error;
    }).catch((error) => {
      if (!controller.signal.aborted) problem.value = String(error.message ?? error);
    }).finally(() => {
      running.current = null;
      tag.value = "";
    });
  };

  return (
    <section class="browser-consumer">
      <div class="feed-head">
        <h2>Consume</h2>
        <Field label="Prefetch" name="prefetch" type="number" min={1} max={1000} value={prefetch} />
        <button
          type="button"
          onClick={toggle}
          aria-pressed={tag.value !== ""}
          disabled={props.access.refused !== undefined}
        >
          {tag.value ? "Stop" : "Consume"}
        </button>
      </div>
      {props.access.refused && (
        <p class="muted" data-field="consume-refused">{props.access.refused}</p>
      )}
      <Status tag={tag} total={total} />
      {problem.value && <p class="banner" role="alert">{problem.value}</p>}
      <InspectableMessages messages={taken.value} empty="nothing taken yet" />
    </section>
  );
}

/** Who is consuming and how much it took: the page takes messages away from other workers. */
function Status(props: { tag: Signal<string>; total: Signal<number> }) {
  return (
    <p class="muted" role="status" data-field="consumer-status">
      {props.tag.value
        ? `consuming as ${props.tag.value}: ${formatInteger(props.total.value)} taken (acked)`
        : `${formatInteger(props.total.value)} taken. Consume takes messages away from the ` +
          "queue's other consumers, as any competing consumer does."}
    </p>
  );
}

/** Reads the monitor's newline-delimited JSON consume stream until it ends or is aborted. */
async function consume(
  queue: string,
  prefetch: number,
  signal: AbortSignal,
  onLine: (line: ConsumeLine) => void,
): Promise<void> {
  const response = await fetch(
    `/api/queues/${encodeURIComponent(queue)}/consume?prefetch=${prefetch}`,
    { method: "POST", signal },
  );
  if (!response.ok || !response.body) {
    const answer = await response.json().catch(() => ({}));
    throw new Error(answer.error ?? `the monitor answered ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line) onLine(JSON.parse(line));
  }
}
