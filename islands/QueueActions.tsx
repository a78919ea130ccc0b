/**
 * What an operator does to a queue, each behind a confirmation in the page: purge it, move its
 * messages to another queue, delete it. The answer (or the refusal, with its reason) is shown.
 */
import { useSignal } from "@preact/signals";
import type { QueueAccess } from "../lib/shared/mod.ts";

type Action = "purge" | "move" | "delete";

/** What the buttons say, and what the confirmation asks. */
const ASK: Record<Action, (queue: string, to: string) => string> = {
  purge: (q) => `Empty '${q}'? Its ready messages are deleted.`,
  move: (q, to) => `Move every message of '${q}' to '${to}'?`,
  delete: (q) => `Delete queue '${q}' and the messages in it?`,
};

export default function QueueActions(props: { queue: string; access: QueueAccess }) {
  const pending = useSignal<Action | null>(null);
  const to = useSignal("");
  const busy = useSignal(false);
  const outcome = useSignal<{ ok: boolean; text: string } | null>(null);

  const run = async (action: Action) => {
    busy.value = true;
    outcome.value = null;
    outcome.value = await request(props.queue, action, to.value);
    busy.value = false;
    pending.value = null;
    if (action === "delete" && outcome.value.ok) location.assign("/");
  };

  // Refused by the write scope: shown disabled, with the server's reason. A stream keeps its
  // messages: no purge, and no move (its head cannot be taken).
  const { refused, stream } = props.access;
  const off = busy.value || refused !== undefined;
  return (
    <section class="queue-actions" aria-label="queue actions">
      <div class="actions-row">
        {!stream && (
          <>
            <button type="button" onClick={() => (pending.value = "purge")} disabled={off}>
              Purge
            </button>
            <label>
              move to{" "}
              <input
                name="move-to"
                placeholder="queue"
                value={to.value}
                disabled={refused !== undefined}
                onInput={(e) => (to.value = (e.target as HTMLInputElement).value)}
              />
            </label>
            <button
              type="button"
              onClick={() => (pending.value = "move")}
              disabled={off || to.value.trim() === ""}
            >
              Move messages
            </button>
          </>
        )}
        <button
          type="button"
          class="danger"
          onClick={() => (pending.value = "delete")}
          disabled={off}
        >
          Delete
        </button>
      </div>
      {refused && <p class="muted" data-field="actions-refused">{refused}</p>}
      {stream && (
        <p class="muted" data-field="stream-note">
          A stream keeps its messages until its retention drops them: it cannot be purged, and its
          messages cannot be moved.
        </p>
      )}
      {pending.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>{ASK[pending.value](props.queue, to.value.trim())}</span>
          <button
            type="button"
            class="danger"
            data-confirm={pending.value}
            disabled={busy.value}
            onClick={() => run(pending.value!)}
          >
            {busy.value ? "Working…" : "Yes"}
          </button>
          <button type="button" onClick={() => (pending.value = null)}>Cancel</button>
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

/** Sends one action to the monitor and says how it went. */
async function request(
  queue: string,
  action: Action,
  to: string,
): Promise<{ ok: boolean; text: string }> {
  const path = `/api/queues/${encodeURIComponent(queue)}`;
  const init: RequestInit = action === "delete"
    ? { method: "DELETE" }
    : action === "purge"
    ? { method: "POST" }
    : {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: to.trim() }),
    };
  try {
    const response = await fetch(action === "delete" ? path : `${path}/${action}`, init);
    const answer = await response.json();
    if (!response.ok) return { ok: false, text: answer.error ?? `answered ${response.status}` };
    if (action === "purge") return { ok: true, text: `purged ${answer.purged} messages` };
    if (action === "move") {
      return { ok: true, text: `moved ${answer.moved} messages to '${answer.to}'` };
    }
    return { ok: true, text: `deleted (${answer.messages} messages)` };
  } catch (error) {
    return { ok: false, text: `the monitor did not answer: ${String(error)}` };
  }
}
