/**
 * The exchanges, live: type, flags, bindings in and out, publish rates in and out; filtered by
 * name, with the busiest first when sorted by rate. Refreshed from `/api/exchanges` every poll
 * interval (one management read per interval, however many pages are open).
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { DEFAULT_EXCHANGE_NAME, type ExchangeRow, formatRate } from "../lib/shared/mod.ts";
import { SearchBox } from "../components/SearchBox.tsx";

type SortKey = "name" | "bindingsOut" | "publishIn" | "publishOut";

const COLUMNS: [label: string, key: SortKey | undefined][] = [
  ["Name", "name"],
  ["Type", undefined],
  ["Features", undefined],
  ["Bindings out", "bindingsOut"],
  ["Bindings in", undefined],
  ["Publish in", "publishIn"],
  ["Publish out", "publishOut"],
];

export default function ExchangeTable(
  props: { initial: ExchangeRow[] | null; intervalSeconds: number },
) {
  const rows = useSignal(props.initial);
  const problem = useSignal(props.initial ? "" : "exchanges need the management API");
  const filter = useSignal("");
  const sort = useSignal<SortKey>("name");
  useEffect(() => {
    const timer = setInterval(async () => {
      try {
        const response = await fetch("/api/exchanges");
        const answer = await response.json();
        if (response.ok) [rows.value, problem.value] = [answer, ""];
        else problem.value = answer.error;
      } catch {
        problem.value = "the monitor does not answer";
      }
    }, props.intervalSeconds * 1000);
    return () => clearInterval(timer);
  }, []);

  const needle = filter.value.trim().toLowerCase();
  const shown = (rows.value ?? [])
    .filter((r) => r.name.toLowerCase().includes(needle))
    .sort((a, b) =>
      sort.value === "name"
        ? a.name.localeCompare(b.name)
        : b[sort.value] - a[sort.value] || a.name.localeCompare(b.name)
    );
  return (
    <section>
      <div class="table-tools">
        <h2>Exchanges ({shown.length})</h2>
        <SearchBox value={filter} placeholder="filter by name" label="filter exchanges by name" />
      </div>
      {problem.value && <p class="banner" role="alert">{problem.value}</p>}
      <div class="table-scroll">
        <table class="queue-table exchange-table">
          <thead>
            <tr>
              {COLUMNS.map(([label, key]) => (
                <th
                  key={label}
                  class={key && key !== "name" ? "num" : ""}
                  aria-sort={key && sort.value === key
                    ? (key === "name" ? "ascending" : "descending")
                    : undefined}
                >
                  {key
                    ? (
                      <button type="button" data-sort={key} onClick={() => (sort.value = key)}>
                        {label}
                        {sort.value === key ? (key === "name" ? " ▲" : " ▼") : ""}
                      </button>
                    )
                    : label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((x) => <ExchangeRowView key={x.name} exchange={x} />)}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ExchangeRowView({ exchange: x }: { exchange: ExchangeRow }) {
  const features = [
    x.durable ? "durable" : "transient",
    x.autoDelete && "auto-delete",
    x.internal && "internal",
  ]
    .filter(Boolean).join(", ");
  return (
    <tr data-exchange={x.name}>
      <td class="name">
        <a href={`/exchanges/${encodeURIComponent(x.name)}`}>
          {x.name === DEFAULT_EXCHANGE_NAME ? "(AMQP default)" : x.name}
        </a>
      </td>
      <td>{x.type}</td>
      <td class="muted">{features}</td>
      <td class="num" data-field="bindings-out">{x.bindingsOut}</td>
      <td class="num" data-field="bindings-in">{x.bindingsIn}</td>
      <td class="num" data-field="publish-in">{formatRate(x.publishIn)}</td>
      <td class="num" data-field="publish-out">{formatRate(x.publishOut)}</td>
    </tr>
  );
}
