/** What a queue was declared with and what its policy sets, for the queue's page. */
import type { QueueInfo } from "../lib/shared/mod.ts";

/**
 * The queue's arguments and the effective policy, each setting with its value (or "none").
 *
 * @example
 * ```tsx
 * <QueueSettings info={await management.queue("orders")} />
 * ```
 */
export function QueueSettings(props: { info?: QueueInfo }) {
  const info = props.info;
  if (!info) return <p class="muted">Unknown: the management API did not answer.</p>;
  const args = Object.entries(info.arguments ?? {});
  const policy = Object.entries(info.effective_policy_definition ?? {});
  return (
    <dl class="queue-settings" data-field="settings">
      <div>
        <dt>Arguments</dt>
        <dd>
          {args.length ? args.map(([k, v]) => <code key={k}>{`${k}: ${show(v)}`}</code>) : "none"}
        </dd>
      </div>
      <div>
        <dt>Policy</dt>
        <dd>
          {info.policy
            ? (
              <>
                <strong>{info.policy}</strong>{" "}
                {policy.map(([k, v]) => <code key={k}>{`${k}: ${show(v)}`}</code>)}
              </>
            )
            : "none"}
        </dd>
      </div>
      <div>
        <dt>Flags</dt>
        <dd>
          {[
            info.durable ? "durable" : "transient",
            info.auto_delete ? "auto-delete" : "",
            info.exclusive ? "exclusive" : "",
          ].filter(Boolean).join(", ")}
        </dd>
      </div>
    </dl>
  );
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
