/** Overview `/`: summary figures, a card per queue, the nodes, and the publish form. */
import Layout from "../components/Layout.tsx";
import { Island } from "../lib/web/island.tsx";
import type { MonitorContext } from "./context.ts";

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
