/**
 * The bindings out of one exchange, with an add form (to a queue or another exchange, a routing
 * key, and a headers exchange's `x-match` and values) and a Remove button per binding, asked
 * once more in the page first. Outside `--allow topology` the controls are disabled with the
 * reason. After a change the page reloads, so what it shows is what the broker has.
 */
import { useSignal } from "@preact/signals";

/** One binding as the page shows it. */
export interface EditableBinding {
  destination: string;
  destination_type: "queue" | "exchange";
  routing_key: string;
  arguments: Record<string, unknown>;
}

export default function BindingEditor(props: {
  exchange: string;
  /** The exchange's type: a headers exchange is bound by `x-match` and header values. */
  type: string;
  bindings: EditableBinding[];
  /** Why bindings may not be changed here, or undefined. */
  refused?: string;
}) {
  const pending = useSignal<EditableBinding | null>(null);
  const busy = useSignal(false);
  const outcome = useSignal<{ ok: boolean; text: string } | null>(null);
  const off = busy.value || props.refused !== undefined;

  const send = async (method: "POST" | "DELETE", binding: EditableBinding) => {
    busy.value = true;
    outcome.value = await request(method, { source: props.exchange, ...binding });
    busy.value = false;
    pending.value = null;
    if (outcome.value.ok) location.reload();
  };

  return (
    <section class="binding-editor" aria-label="bindings">
      {props.bindings.length === 0 ? <p class="muted">None.</p> : (
        <div class="table-scroll">
          <table class="routes">
            <thead>
              <tr>
                <th>to</th>
                <th>routing key</th>
                <th>arguments</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {props.bindings.map((b, i) => (
                <tr
                  key={i}
                  data-binding={`${b.destination_type}:${b.destination}:${b.routing_key}`}
                >
                  <td class="mono">
                    {b.destination_type}{" "}
                    <a href={`/${b.destination_type}s/${encodeURIComponent(b.destination)}`}>
                      {b.destination}
                    </a>
                  </td>
                  <td class="mono">{b.routing_key}</td>
                  <td class="mono">
                    {Object.keys(b.arguments).length ? JSON.stringify(b.arguments) : ""}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="danger"
                      data-remove={i}
                      disabled={off}
                      onClick={() => (pending.value = b)}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pending.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>
            Remove the binding to {pending.value.destination_type} '{pending.value.destination}'
            {" "}
            with key '{pending.value.routing_key}'?
          </span>
          <button
            type="button"
            class="danger"
            data-confirm="remove-binding"
            disabled={busy.value}
            onClick={() => send("DELETE", pending.value!)}
          >
            {busy.value ? "Working…" : "Yes"}
          </button>
          <button type="button" onClick={() => (pending.value = null)}>Cancel</button>
        </div>
      )}
      <AddBinding
        headers={props.type === "headers"}
        disabled={off}
        onAdd={(binding) => send("POST", binding)}
      />
      {props.refused && <p class="muted" data-field="bindings-refused">{props.refused}</p>}
      {outcome.value && (
        <p class={outcome.value.ok ? "result ok" : "result error"} role="status">
          {outcome.value.text}
        </p>
      )}
    </section>
  );
}

/** The add form: destination, its kind, routing key, and for headers `x-match` and values. */
function AddBinding(
  props: { headers: boolean; disabled: boolean; onAdd: (b: EditableBinding) => void },
) {
  const destination = useSignal("");
  const kind = useSignal<"queue" | "exchange">("queue");
  const key = useSignal("");
  const match = useSignal("all");
  const values = useSignal("");
  const submit = (e: Event) => {
    e.preventDefault();
    const args: Record<string, unknown> = {};
    if (props.headers) {
      args["x-match"] = match.value;
      for (const line of values.value.split("\n")) {
        const at = line.indexOf("=");
        if (at > 0) args[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
    }
    props.onAdd({
      destination: destination.value.trim(),
      destination_type: kind.value,
      routing_key: key.value,
      arguments: args,
    });
  };
  const text =
    (s: { value: string }) => (e: Event) => (s.value = (e.target as HTMLInputElement).value);
  return (
    <form class="actions-row add-binding" onSubmit={submit}>
      <label>
        to{" "}
        <select
          name="destination-type"
          value={kind.value}
          onChange={(e) => (kind.value = (e.target as HTMLSelectElement).value as "queue")}
        >
          <option value="queue">queue</option>
          <option value="exchange">exchange</option>
        </select>
      </label>
      <input
        name="destination"
        placeholder="name"
        aria-label="destination"
        value={destination.value}
        onInput={text(destination)}
      />
      {!props.headers && (
        <label>
          routing key <input name="routing-key" value={key.value} onInput={text(key)} />
        </label>
      )}
      {props.headers && (
        <>
          <label>
            x-match{" "}
            <select
              name="x-match"
              value={match.value}
              onChange={(e) => (match.value = (e.target as HTMLSelectElement).value)}
            >
              <option value="all">all</option>
              <option value="any">any</option>
            </select>
          </label>
          <label>
            headers (name=value a line){" "}
            <textarea name="header-values" rows={2} value={values.value} onInput={text(values)} />
          </label>
        </>
      )}
      <button type="submit" disabled={props.disabled || destination.value.trim() === ""}>
        Add binding
      </button>
    </form>
  );
}

/** Sends one binding to the monitor and says how it went. */
async function request(
  method: "POST" | "DELETE",
  body: EditableBinding & { source: string },
): Promise<{ ok: boolean; text: string }> {
  try {
    const response = await fetch("/api/bindings", {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) return { ok: false, text: answer.error ?? `answered ${response.status}` };
    return { ok: true, text: method === "POST" ? "binding added" : "binding removed" };
  } catch (error) {
    return { ok: false, text: `the monitor did not answer: ${String(error)}` };
  }
}
