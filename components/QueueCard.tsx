/** A queue at a glance: status colour, activity, depth, rates and consumers. */
import { formatCount, formatInteger, formatRate } from "../lib/format.ts";
import type { QueueSnapshot } from "../lib/snapshot.ts";

const STATUS_TEXT = { ok: "healthy depth", warn: "filling up", critical: "deep backlog" } as const;

export default function QueueCard(props: { queue: QueueSnapshot; link?: boolean }) {
  const q = props.queue;
  const name = props.link === false
    ? <span class="queue-name">{q.name}</span>
    : <a class="queue-name" href={`/queues/${encodeURIComponent(q.name)}`}>{q.name}</a>;
  return (
    <article class={`queue-card status-${q.status}`} data-queue={q.name}>
      <header>
        <span
          class={`dot dot-${q.status}`}
          title={STATUS_TEXT[q.status]}
          aria-label={STATUS_TEXT[q.status]}
        />
        {name}
        <span class={`activity activity-${q.activity.split(" ")[0].toLowerCase()}`}>
          {q.activity}
        </span>
      </header>
      <dl class="depth">
        <div>
          <dt>Ready</dt>
          <dd data-field="ready" title={formatInteger(q.ready)}>{formatCount(q.ready)}</dd>
        </div>
        <div>
          <dt>Unacked</dt>
          <dd data-field="unacked" title={formatInteger(q.unacked)}>{formatCount(q.unacked)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd data-field="total" title={formatInteger(q.total)}>{formatCount(q.total)}</dd>
        </div>
      </dl>
      <dl class="rates">
        <div>
          <dt>Publish</dt>
          <dd>{formatRate(q.rates.publish)}</dd>
        </div>
        <div>
          <dt>Deliver</dt>
          <dd>{formatRate(q.rates.deliver)}</dd>
        </div>
        <div>
          <dt>Ack</dt>
          <dd>{formatRate(q.rates.ack)}</dd>
        </div>
        <div>
          <dt>Consumers</dt>
          <dd data-field="consumers">{q.consumers}</dd>
        </div>
      </dl>
      <footer class="queue-meta">
        {q.type}
        {q.durable ? " · durable" : ""}
      </footer>
    </article>
  );
}
