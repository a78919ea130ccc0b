/**
 * Virtual hosts `/vhosts`: every vhost with its depths and message rates, as the management UI's
 * Virtual Hosts table has them, and a button that shows a vhost in the other pages.
 */
import { formatCount, formatRate, type VhostInfo } from "../lib/shared/mod.ts";
import Layout, { shellOf } from "./_layout.tsx";
import type { PageRequest } from "./_context.ts";

export default async function VhostsPage({ ctx }: PageRequest) {
  const [snapshot, vhosts] = await Promise.all([
    ctx.poller.view({ queues: "none" }),
    ctx.management.vhostList().catch(() => undefined),
  ]);
  return (
    <Layout title="Virtual hosts" path="/vhosts" snapshot={snapshot} {...await shellOf(ctx)}>
      <h2>Virtual hosts</h2>
      {vhosts
        ? <VhostTable vhosts={vhosts} current={ctx.vhost} />
        : <p class="muted">The management API does not answer, so vhosts cannot be listed.</p>}
    </Layout>
  );
}

/** One row per vhost; the figures are those of the page's load. */
function VhostTable(props: { vhosts: VhostInfo[]; current: string }) {
  return (
    <table class="vhosts">
      <thead>
        <tr>
          <th>virtual host</th>
          <th>ready</th>
          <th>unacked</th>
          <th>publish</th>
          <th>deliver</th>
          <th>ack</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {props.vhosts.map((v) => (
          <tr key={v.name} data-vhost={v.name}>
            <td class="mono">{v.name}</td>
            <td data-field="ready">{formatCount(v.messages_ready ?? 0)}</td>
            <td data-field="unacked">{formatCount(v.messages_unacknowledged ?? 0)}</td>
            <td>{formatRate(v.message_stats?.publish_details?.rate ?? 0)}</td>
            <td>{formatRate(v.message_stats?.deliver_get_details?.rate ?? 0)}</td>
            <td>{formatRate(v.message_stats?.ack_details?.rate ?? 0)}</td>
            <td>
              {v.name === props.current
                ? <span class="muted">shown</span>
                : (
                  <form method="post" action="/vhost">
                    <input type="hidden" name="vhost" value={v.name} />
                    <button type="submit">Show</button>
                  </form>
                )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
