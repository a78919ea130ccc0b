/**
 * Declaring an exchange (type, durable, auto-delete, alternate exchange) or a queue (type,
 * durable, and the common arguments: dead-lettering, TTL, length limit and overflow, delivery
 * limit for quorum, max age for streams). Outside `--allow topology` they are disabled with the
 * reason; a declared one opens its page.
 */
import { useSignal } from "@preact/signals";

export default function DeclareForms(props: { refused?: string }) {
  const outcome = useSignal<{ ok: boolean; text: string } | null>(null);
  const busy = useSignal(false);
  const off = busy.value || props.refused !== undefined;
  const declare = async (kind: "queues" | "exchanges", name: string, body: object) => {
    busy.value = true;
    try {
      const response = await fetch(`/api/${kind}/${encodeURIComponent(name)}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.ok) return location.assign(`/${kind}/${encodeURIComponent(name)}`);
      outcome.value = { ok: false, text: answer.error ?? `answered ${response.status}` };
    } catch (error) {
      outcome.value = { ok: false, text: `the monitor did not answer: ${String(error)}` };
    }
    busy.value = false;
  };
  return (
    <section class="declare-forms">
      <ExchangeForm disabled={off} onDeclare={(name, body) => declare("exchanges", name, body)} />
      <QueueForm disabled={off} onDeclare={(name, body) => declare("queues", name, body)} />
      {props.refused && <p class="muted" data-field="declare-refused">{props.refused}</p>}
      {outcome.value && (
        <p class={outcome.value.ok ? "result ok" : "result error"} role="status">
          {outcome.value.text}
        </p>
      )}
    </section>
  );
}

type Declare = (name: string, body: object) => void;

/** Reads the named fields of a form (empty ones left out; checkboxes as booleans). */
function fieldsOf(form: HTMLFormElement, numbers: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of Array.from(form.elements) as HTMLInputElement[]) {
    if (!el.name || el.type === "submit") continue;
    if (el.type === "checkbox") out[el.name] = el.checked;
    else if (el.value !== "") {
      out[el.name] = numbers.includes(el.name) ? Number(el.value) : el.value;
    }
  }
  return out;
}

function ExchangeForm(props: { disabled: boolean; onDeclare: Declare }) {
  const submit = (e: Event) => {
    e.preventDefault();
    const { name, ...body } = fieldsOf(e.target as HTMLFormElement, []);
    props.onDeclare(String(name ?? ""), body);
  };
  return (
    <form class="actions-row declare-exchange" onSubmit={submit}>
      <h2 class="form-title">Declare an exchange</h2>
      <input name="name" placeholder="name" aria-label="exchange name" required />
      <select name="type" aria-label="exchange type">
        {["direct", "fanout", "topic", "headers"].map((t) => <option key={t}>{t}</option>)}
      </select>
      <label>
        <input type="checkbox" name="durable" checked /> durable
      </label>
      <label>
        <input type="checkbox" name="auto_delete" /> auto-delete
      </label>
      <input name="alternate_exchange" placeholder="alternate exchange" />
      <button type="submit" disabled={props.disabled}>Declare exchange</button>
    </form>
  );
}

function QueueForm(props: { disabled: boolean; onDeclare: Declare }) {
  const type = useSignal("classic");
  const submit = (e: Event) => {
    e.preventDefault();
    const { name, ...body } = fieldsOf(e.target as HTMLFormElement, [
      "message_ttl",
      "max_length",
      "delivery_limit",
    ]);
    props.onDeclare(String(name ?? ""), body);
  };
  return (
    <form class="actions-row declare-queue" onSubmit={submit}>
      <h2 class="form-title">Declare a queue</h2>
      <input name="name" placeholder="name" aria-label="queue name" required />
      <select
        name="type"
        aria-label="queue type"
        value={type.value}
        onChange={(e) => (type.value = (e.target as HTMLSelectElement).value)}
      >
        {["classic", "quorum", "stream"].map((t) => <option key={t}>{t}</option>)}
      </select>
      {type.value === "classic" && (
        <label>
          <input type="checkbox" name="durable" checked /> durable
        </label>
      )}
      <input name="dead_letter_exchange" placeholder="dead-letter exchange" />
      <input name="dead_letter_routing_key" placeholder="dead-letter routing key" />
      <input name="message_ttl" type="number" min={0} placeholder="TTL (ms)" />
      <input name="max_length" type="number" min={0} placeholder="max length" />
      <select name="overflow" aria-label="overflow">
        <option value="">overflow: broker's default</option>
        <option value="drop-head">drop-head</option>
        <option value="reject-publish">reject-publish</option>
        <option value="reject-publish-dlx">reject-publish-dlx</option>
      </select>
      {type.value === "quorum" && (
        <input name="delivery_limit" type="number" min={0} placeholder="delivery limit" />
      )}
      {type.value === "stream" && <input name="max_age" placeholder="max age (7D)" />}
      <button type="submit" disabled={props.disabled}>Declare queue</button>
    </form>
  );
}
