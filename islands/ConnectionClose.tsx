/**
 * Closes a client's connection with a reason the client sees, after a confirmation in the page;
 * disabled with the reason outside `--allow connections`.
 */
import { useSignal } from "@preact/signals";

/** A connection the page offers to close. */
export interface ClosableConnection {
  name: string;
  clientName: string;
  user: string;
}

export default function ConnectionClose(
  props: { connections: ClosableConnection[]; refused?: string },
) {
  const chosen = useSignal(props.connections[0]?.name ?? "");
  const reason = useSignal("");
  const asking = useSignal(false);
  const busy = useSignal(false);
  const outcome = useSignal<{ ok: boolean; text: string } | null>(null);
  const off = busy.value || props.refused !== undefined || props.connections.length === 0;

  const close = async () => {
    busy.value = true;
    outcome.value = await request(chosen.value, reason.value.trim());
    busy.value = false;
    asking.value = false;
  };
  return (
    <section class="connection-close" aria-label="close a connection">
      <h2>Close a connection</h2>
      <div class="actions-row">
        <select
          name="connection"
          aria-label="connection"
          value={chosen.value}
          disabled={off}
          onChange={(e) => (chosen.value = (e.target as HTMLSelectElement).value)}
        >
          {props.connections.map((c) => (
            <option key={c.name} value={c.name}>
              {c.clientName ? `${c.clientName} · ` : ""}
              {c.name} ({c.user})
            </option>
          ))}
        </select>
        <label>
          reason{" "}
          <input
            name="reason"
            placeholder="closed from the monitor"
            maxLength={200}
            value={reason.value}
            disabled={off}
            onInput={(e) => (reason.value = (e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="button" class="danger" disabled={off} onClick={() => (asking.value = true)}>
          Close connection
        </button>
      </div>
      {props.refused && <p class="muted" data-field="connections-refused">{props.refused}</p>}
      {asking.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>Close connection '{chosen.value}'? Its client sees the reason.</span>
          <button
            type="button"
            class="danger"
            data-confirm="close-connection"
            disabled={busy.value}
            onClick={close}
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

/** Sends the close to the monitor and says how it went. */
async function request(name: string, reason: string): Promise<{ ok: boolean; text: string }> {
  try {
    const response = await fetch(`/api/connections/${encodeURIComponent(name)}`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason }),
    });
    const answer = await response.json();
    if (!response.ok) return { ok: false, text: answer.error ?? `answered ${response.status}` };
    return { ok: true, text: `closed '${answer.closed}' (reason: ${answer.reason})` };
  } catch (error) {
    return { ok: false, text: `the monitor did not answer: ${String(error)}` };
  }
}
