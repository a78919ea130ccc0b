/**
 * Importing definitions into the selected vhost: a file (or pasted JSON), a dry run that lists
 * what would be created or changed, then Apply, asked once more. Outside `--allow definitions`
 * it is disabled with the reason.
 */
import { useSignal } from "@preact/signals";
import type { DefinitionChange } from "../lib/queue_actions/mod.ts";

interface Answer {
  changes?: DefinitionChange[];
  unchanged?: number;
  other_vhosts?: number;
  error?: string;
}

export default function DefinitionsImport(props: { vhost: string; refused?: string }) {
  const text = useSignal("");
  const plan = useSignal<Answer | null>(null);
  const asking = useSignal(false);
  const busy = useSignal(false);
  const outcome = useSignal<{ ok: boolean; text: string } | null>(null);
  const off = busy.value || props.refused !== undefined;

  const send = async (dryRun: boolean) => {
    busy.value = true;
    outcome.value = null;
    try {
      // Into the vhost the page showed, whatever this browser selects meanwhile.
      const query = new URLSearchParams({ vhost: props.vhost, dry_run: String(dryRun) });
      const response = await fetch(`/api/definitions?${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: text.value,
      });
      const answer: Answer = await response.json();
      if (!response.ok) outcome.value = { ok: false, text: answer.error ?? "refused" };
      else if (dryRun) plan.value = answer;
      else {
        plan.value = null;
        outcome.value = {
          ok: true,
          text: `imported: ${answer.changes?.length ?? 0} created or changed, ${
            answer.unchanged ?? 0
          } the same`,
        };
      }
    } catch (error) {
      outcome.value = { ok: false, text: `the monitor did not answer: ${String(error)}` };
    }
    busy.value = false;
    asking.value = false;
  };
  const load = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) text.value = await file.text();
    plan.value = null;
  };

  return (
    <section class="definitions-import">
      <h2>Import into vhost '{props.vhost}'</h2>
      <div class="actions-row">
        <input
          type="file"
          name="definitions-file"
          accept=".json,application/json"
          onChange={load}
        />
        <button
          type="button"
          disabled={off || text.value.trim() === ""}
          onClick={() => send(true)}
        >
          Dry run
        </button>
        <button
          type="button"
          class="danger"
          disabled={off || plan.value === null}
          onClick={() => (asking.value = true)}
        >
          Apply
        </button>
      </div>
      <textarea
        name="definitions"
        rows={6}
        placeholder="or paste a definitions file (JSON)"
        value={text.value}
        onInput={(e) => {
          text.value = (e.target as HTMLTextAreaElement).value;
          plan.value = null;
        }}
      />
      {props.refused && <p class="muted" data-field="definitions-refused">{props.refused}</p>}
      {plan.value && <Plan answer={plan.value} />}
      {asking.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>Import these definitions into vhost '{props.vhost}'?</span>
          <button
            type="button"
            class="danger"
            data-confirm="import"
            disabled={busy.value}
            onClick={() => send(false)}
          >
            Yes
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

/** The dry run's answer: what would be created or changed. */
function Plan({ answer }: { answer: Answer }) {
  const changes = answer.changes ?? [];
  return (
    <div class="import-plan" data-field="plan">
      <p data-field="plan-summary">
        {changes.length === 0
          ? `no changes (${answer.unchanged ?? 0} the same)`
          : `${changes.length} to create or change, ${answer.unchanged ?? 0} the same`}
        {answer.other_vhosts ? `; ${answer.other_vhosts} of other vhosts left out` : ""}
      </p>
      {changes.length > 0 && (
        <ul class="mono">
          {changes.map((c, i) => (
            <li key={i}>
              {c.change} {c.kind} {c.name}
              {c.fields ? ` (${c.fields.join(", ")} differ)` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
