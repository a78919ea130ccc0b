/** A queue at a glance: status colour, activity, depth, rates and consumers. */
import { FeatureBadges } from "./FeatureBadges.tsx";
import {
  formatCount,
  formatInteger,
  formatRate,
  type QueueSnapshot,
  UNKNOWN,
  UNKNOWN_TITLE,
} from "../lib/shared/mod.ts";

const STATUS_TEXT = { ok: "healthy depth", warn: "filling up", critical: "deep backlog" } as const;

/** A replicated queue's members, each marked up or down. */
function Replicas(props: { members: string[]; online: string[] }) {
  const up = props.members.filter((m) => props.online.includes(m)).length;
  return (
    <ul
      class="replicas"
      data-field="members"
      title={`${up} of ${props.members.length} replicas online`}
    >
      {props.members.map((m) => {
        const online = props.online.includes(m);
        return (
          <li
            key={m}
            class={online ? "replica-online" : "replica-down"}
            data-online={String(online)}
          >
            {m}
            {online ? "" : " (down)"}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One queue as a card. `partial`: the snapshot came from AMQP alone, so unacked, total and the
 * rates are shown as unknown.
 */
export default function QueueCard(
  props: { queue: QueueSnapshot; link?: boolean; partial?: boolean },
) {
  const q = props.queue;
  const known = (text: string, exact?: string) =>
    props.partial ? { text: UNKNOWN, title: UNKNOWN_TITLE } : { text, title: exact };
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
        {/* The activity comes from the rates: none shown while they are unknown. */}
        {!props.partial && (
          <span class={`activity activity-${q.activity.split(" ")[0].toLowerCase()}`}>
            {q.activity}
          </span>
        )}
      </header>
      <dl class="depth">
        <div>
          <dt>Ready</dt>
          <dd data-field="ready" title={formatInteger(q.ready)}>{formatCount(q.ready)}</dd>
        </div>
        <div>
          <dt>Unacked</dt>
          <Figure field="unacked" {...known(formatCount(q.unacked), formatInteger(q.unacked))} />
        </div>
        <div>
          <dt>Total</dt>
          <Figure field="total" {...known(formatCount(q.total), formatInteger(q.total))} />
        </div>
      </dl>
      <dl class="rates">
        <div>
          <dt>Publish</dt>
          <Figure {...known(formatRate(q.rates.publish))} />
        </div>
        <div>
          <dt>Deliver</dt>
          <Figure {...known(formatRate(q.rates.deliver))} />
        </div>
        <div>
          <dt>Ack</dt>
          <Figure {...known(formatRate(q.rates.ack))} />
        </div>
        <div>
          <dt>Consumers</dt>
          <dd data-field="consumers">{q.consumers}</dd>
        </div>
      </dl>
      <footer class="queue-meta">
        <span class={`queue-type type-${q.type}`} data-field="type">{q.type}</span>
        {q.durable ? " · durable" : ""}
        {q.leader && (
          <>
            {q.members ? " · leader " : " · on "}
            <span data-field="leader">{q.leader}</span>
          </>
        )} <FeatureBadges features={q.features} />
      </footer>
      {q.members && <Replicas members={q.members} online={q.online ?? q.members} />}
    </article>
  );
}

/** One figure of the card, with its exact value (or why it is unknown) as the tooltip. */
function Figure(props: { field?: string; text: string; title?: string }) {
  return <dd data-field={props.field} title={props.title}>{props.text}</dd>;
}
