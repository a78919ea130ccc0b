/** Connections `/connections`: every client connection and channel, live. */
import Layout from "./_layout.tsx";
import { vhostChoice } from "./_vhosts.ts";
import { Island } from "./_island.tsx";
import type { MonitorContext } from "./_context.ts";

export default async function ConnectionsPage(ctx: MonitorContext) {
  const snapshot = await ctx.poller.latest();
  return (
    <Layout
      title="Connections"
      path="/connections"
      snapshot={snapshot}
      intervalSeconds={ctx.intervalSeconds}
      signOut={ctx.token !== undefined}
      vhost={await vhostChoice(ctx)}
    >
      <Island name="ConnectionsTable" props={{ initial: snapshot }} />
    </Layout>
  );
}
