/**
 * The vhost's policies and operator policies, each with its pattern, what it applies to,
 * priority, definition and the queues it applies to now; a form that creates or changes one
 * (Edit fills it), with a preview of the queues its pattern would match before it is saved;
 * Delete asks first. Outside `--allow policies` the changes are disabled with the reason.
 */
import { useSignal } from "@preact/signals";
import type { PolicyRow } from "../lib/queue_actions/mod.ts";

const APPLY_TO = ["queues", "exchanges", "all", "classic_queues", "quorum_queues", "streams"];

/** Most queue names shown per policy (the rest are counted). */
const SHOWN_QUEUES = 10;

export default function PolicyEditor(props: { policies: PolicyRow[]; refused?: string }) {
  const name = useSignal("");
  const pattern = useSignal("");
  const applyTo = useSignal("queues");
  const priority = useSignal("0");
  const definition = useSignal('{"max-length": 1000}');
  const preview = useSignal<string[] | null>(null);
  const deleting = useSignal<string | null>(null);
  const busy = useSignal(false);
  const outcome = useSignal<{ ok: boolean; text: string } | null>(null);
  const off = busy.value || props.refused !== undefined;

  const edit = (p: PolicyRow) => {
    name.value = p.name;
    pattern.value = p.pattern;
    applyTo.value = p["apply-to"];
    priority.value = String(p.priority);
    definition.value = JSON.stringify(p.definition);
    preview.value = null;
  };
  const showPreview = async () => {
    const query = new URLSearchParams({ pattern: pattern.value, apply_to: applyTo.value });
    const answer = await call("GET", `/api/policies/preview?${query}`);
    if (answer.ok) preview.value = answer.body.queues ?? [];
    else outcome.value = { ok: false, text: answer.body.error ?? "refused" };
  };
  const save = async (event: Event) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition.value);
    } catch {
      outcome.value = { ok: false, text: 'the definition is not JSON: {"max-length": 1000}' };
      return;
    }
    busy.value = true;
    const answer = await call("PUT", `/api/policies/${encodeURIComponent(name.value.trim())}`, {
      pattern: pattern.value,
      apply_to: applyTo.value,
      priority: Number(priority.value),
      definition: parsed,
    });
    busy.value = false;
    if (answer.ok) location.reload();
    else outcome.value = { ok: false, text: answer.body.error ?? "refused" };
  };
  const remove = async (policy: string) => {
    busy.value = true;
    const answer = await call("DELETE", `/api/policies/${encodeURIComponent(policy)}`);
    busy.value = false;
    deleting.value = null;
    if (answer.ok) location.reload();
    else outcome.value = { ok: false, text: answer.body.error ?? "refused" };
  };
  const text =
    (s: { value: string }) => (e: Event) => (s.value = (e.target as HTMLInputElement).value);

  return (
    <section class="policy-editor">
      {props.policies.length === 0
        ? <p class="muted">No policies in this vhost.</p>
        : (
          <div class="table-scroll">
            <table class="policies">
              <thead>
                <tr>
                  <th>name</th>
                  <th>pattern</th>
                  <th>applies to</th>
                  <th>priority</th>
                  <th>definition</th>
                  <th>queues now</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {props.policies.map((p) => (
                  <tr key={`${p.kind}:${p.name}`} data-policy={p.name}>
                    <td class="mono">
                      {p.name}
                      {p.kind === "operator policy" && <div class="muted">operator policy</div>}
                    </td>
                    <td class="mono">{p.pattern}</td>
                    <td>{p["apply-to"]}</td>
                    <td>{p.priority}</td>
                    <td class="mono">{JSON.stringify(p.definition)}</td>
                    <td class="mono" data-field="policy-queues">
                      {p.queues.slice(0, SHOWN_QUEUES).join(", ")}
                      {p.queues.length > SHOWN_QUEUES &&
                        ` and ${p.queues.length - SHOWN_QUEUES} more`}
                    </td>
                    <td>
                      {p.kind === "policy" && (
                        <div class="actions-row">
                          <button type="button" disabled={off} onClick={() => edit(p)}>Edit</button>
                          <button
                            type="button"
                            class="danger"
                            disabled={off}
                            onClick={() => (deleting.value = p.name)}
                          >
                            Delete
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      {deleting.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>Delete policy '{deleting.value}'? Its queues lose what it sets.</span>
          <button
            type="button"
            class="danger"
            data-confirm="delete-policy"
            disabled={busy.value}
            onClick={() => remove(deleting.value!)}
          >
            Yes
          </button>
          <button type="button" onClick={() => (deleting.value = null)}>Cancel</button>
        </div>
      )}
      <h2>Create or change a policy</h2>
      <form class="actions-row policy-form" onSubmit={save}>
        <label>
          name <input name="policy-name" value={name.value} onInput={text(name)} />
        </label>
        <label>
          pattern <input name="pattern" value={pattern.value} onInput={text(pattern)} />
        </label>
        <label>
          applies to{" "}
          <select
            name="apply-to"
            value={applyTo.value}
            onChange={(e) => (applyTo.value = (e.target as HTMLSelectElement).value)}
          >
            {APPLY_TO.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label>
          priority{" "}
          <input name="priority" type="number" value={priority.value} onInput={text(priority)} />
        </label>
        <label>
          definition (JSON){" "}
          <input name="definition" value={definition.value} onInput={text(definition)} />
        </label>
        <button type="button" onClick={showPreview} disabled={pattern.value === ""}>
          Preview
        </button>
        <button type="submit" disabled={off || !name.value.trim() || !pattern.value}>
          Save policy
        </button>
      </form>
      {preview.value && (
        <p class="mono" data-field="preview">
          {preview.value.length === 0
            ? "matches no queue"
            : `matches ${preview.value.length}: ${preview.value.slice(0, 50).join(", ")}`}
        </p>
      )}
      {props.refused && <p class="muted" data-field="policies-refused">{props.refused}</p>}
      {outcome.value && (
        <p class={outcome.value.ok ? "result ok" : "result error"} role="status">
          {outcome.value.text}
        </p>
      )}
    </section>
  );
}

/** What the monitor answers: the preview's queues, or the reason it refused. */
interface Answer {
  queues?: string[];
  error?: string;
}

/** One request to the monitor: whether it went through, and its JSON. */
async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ ok: boolean; body: Answer }> {
  try {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    return {
      ok: response.ok,
      body: response.ok ? answer : { error: answer.error ?? `answered ${response.status}` },
    };
  } catch (error) {
    return { ok: false, body: { error: `the monitor did not answer: ${String(error)}` } };
  }
}
