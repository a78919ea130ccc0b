/**
 * One summary figure: a label above a big number, and, for a figure that is unknown, the
 * reason beside it.
 */
export default function StatCard(
  props: { label: string; value: string; title?: string; note?: string },
) {
  return (
    <div class="stat" title={props.title}>
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">{props.value}</div>
      {props.note && <div class="stat-note">{props.note}</div>}
    </div>
  );
}
