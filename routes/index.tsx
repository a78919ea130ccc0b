/** Overview `/`: summary figures, a card per queue, the nodes, and the publish form. */
import Layout from "./_layout.tsx";
import { Island } from "./_island.tsx";
import type { MonitorContext } from "./_context.ts";

export default async function OverviewPage(ctx: MonitorContext) {
  const snapshot = await ctx.poller.latest();
  return (
    <Layout
      title="Overview"
      path="/"
      snapshot={snapshot}
      intervalSeconds={ctx.intervalSeconds}
      signOut={ctx.token !== undefined}
    >
      <Island name="QueueStats" props={{ initial: snapshot }} />
      <Island name="NodeList" props={{ initial: snapshot }} />
      <Island
        name="PublishForm"
        props={{ exchange: ctx.defaults.exchange, routingKey: ctx.defaults.routingKey }}
      />
    </Layout>
  );
}
