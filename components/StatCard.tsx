/** One summary figure: a label above a big number. */
export default function StatCard(props: { label: string; value: string; title?: string }) {
  return (
    <div class="stat" title={props.title}>
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">{props.value}</div>
    </div>
  );
}
