/** Actions `/actions`: what was done through this monitor, newest first (the last 500). */
import type { ActionEntry } from "../lib/queue_actions/mod.ts";
import Layout, { shellOf } from "./_layout.tsx";
import type { PageRequest } from "./_context.ts";

export default async function ActionsPage({ ctx }: PageRequest) {
  const snapshot = await ctx.poller.view({ queues: "none" });
  const entries = ctx.actions.list();
  const allowed = ctx.allow.allowed;
  return (
    <Layout title="Actions" path="/actions" snapshot={snapshot} {...await shellOf(ctx)}>
      <p class="muted" data-field="allowed">
        {ctx.allow.readOnly
          ? "This monitor is read-only: it refuses every write."
          : allowed.length
          ? `Actions on the broker allowed: ${allowed.join(", ")} (--allow).`
          : "No action on the broker itself is allowed (start the monitor with --allow topology,connections,policies,definitions)."}
      </p>
      {entries.length === 0
        ? (
          <p class="muted" data-field="no-actions">
            Nothing has been done through this monitor yet.
          </p>
        )
        : <ActionTable entries={entries} />}
    </Layout>
  );
}

/** The record as a table. */
function ActionTable({ entries }: { entries: ActionEntry[] }) {
  return (
    <div class="table-scroll">
      <table class="actions-log">
        <thead>
          <tr>
            <th>time</th>
            <th>who</th>
            <th>vhost</th>
            <th>action</th>
            <th>on</th>
            <th>result</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={i} data-result={e.result}>
              <td class="mono">{e.time.replace("T", " ").replace("Z", "")}</td>
              <td class="mono">{e.client} {e.signedIn ? "(signed in)" : ""}</td>
              <td class="mono">{e.vhost}</td>
              <td>{e.action}</td>
              <td class="mono">{e.object}</td>
              <td>
                <span class={e.result === "done" ? "ok" : "error"}>{e.result} {e.status}</span>
                {e.detail && <div class="muted">{e.detail}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
