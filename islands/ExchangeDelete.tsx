/**
 * Deletes the exchange (its bindings go with it) after a confirmation in the page; disabled
 * with the reason outside `--allow topology`.
 */
import { useSignal } from "@preact/signals";

export default function ExchangeDelete(props: { exchange: string; refused?: string }) {
  const asking = useSignal(false);
  const busy = useSignal(false);
  const outcome = useSignal<string | null>(null);
  const remove = async () => {
    busy.value = true;
    try {
      const response = await fetch(`/api/exchanges/${encodeURIComponent(props.exchange)}`, {
        method: "DELETE",
      });
      if (response.ok) return location.assign("/exchanges");
      outcome.value = (await response.json()).error ?? `answered ${response.status}`;
    } catch (error) {
      outcome.value = `the monitor did not answer: ${String(error)}`;
    }
    busy.value = false;
    asking.value = false;
  };
  return (
    <section class="exchange-actions" aria-label="exchange actions">
      <div class="actions-row">
        <button
          type="button"
          class="danger"
          disabled={busy.value || props.refused !== undefined}
          onClick={() => (asking.value = true)}
        >
          Delete exchange
        </button>
      </div>
      {props.refused && <p class="muted" data-field="exchange-refused">{props.refused}</p>}
      {asking.value && (
        <div class="confirm" role="alertdialog" aria-label="confirm">
          <span>Delete exchange '{props.exchange}' and every binding from and to it?</span>
          <button
            type="button"
            class="danger"
            data-confirm="delete-exchange"
            disabled={busy.value}
            onClick={remove}
          >
            {busy.value ? "Working…" : "Yes"}
          </button>
          <button type="button" onClick={() => (asking.value = false)}>Cancel</button>
        </div>
      )}
      {outcome.value && <p class="result error" role="status">{outcome.value}</p>}
    </section>
  );
}
