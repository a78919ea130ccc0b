/** The figures of a queue's page beyond its card: bytes, memory, utilisation, delivery limit. */
import { formatBytes, formatInteger, type QueueDetails } from "../lib/shared/mod.ts";

const LIMIT_SOURCE = {
  argument: "x-delivery-limit argument",
  policy: "policy",
  default: "the broker's default",
  none: "none set",
} as const;

/**
 * A queue's bytes, memory, consumer utilisation and (quorum queues) delivery limit. `stale`:
 * the figures are from the page's load, not the latest poll.
 *
 * @example
 * ```tsx
 * <QueueFigures details={queueDetails(await management.queue("orders"))} />
 * ```
 */
export function QueueFigures(props: { details?: QueueDetails; stale?: boolean }) {
  const d = props.details;
  if (!d) return <p class="muted">Bytes and memory unknown: the management API did not answer.</p>;
  return (
    <dl
      class="queue-settings queue-figures"
      data-field="figures"
      title={props.stale ? "as of the page's load" : undefined}
    >
      <Row field="bytes-ready" label="Bytes ready" value={bytes(d.bytesReady)} />
      <Row field="bytes-unacked" label="Bytes unacked" value={bytes(d.bytesUnacked)} />
      <Row field="bytes-total" label="Bytes total" value={bytes(d.bytes)} />
      <Row
        field="memory"
        label="Memory"
        value={d.memory === undefined ? "—" : bytes(d.memory)}
      />
      <Row
        field="utilisation"
        label="Consumer utilisation"
        value={d.consumerUtilisation === undefined
          ? "— (no consumers)"
          : `${Math.round(d.consumerUtilisation * 100)}%`}
      />
      {d.deliveryLimit && (
        <Row
          field="delivery-limit"
          label="Delivery limit"
          value={`${d.deliveryLimit.value === undefined ? "unlimited" : d.deliveryLimit.value} (${
            LIMIT_SOURCE[d.deliveryLimit.source]
          })`}
        />
      )}
      {d.returned !== undefined && (
        <Row
          field="returned"
          label="Redelivered, ready"
          value={formatInteger(d.returned)}
        />
      )}
    </dl>
  );
}

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : `${formatBytes(n)} (${formatInteger(n)} B)`;
}

function Row(props: { field: string; label: string; value: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd data-field={props.field}>{props.value}</dd>
    </div>
  );
}
