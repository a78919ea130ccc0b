/** Connections `/connections`: every client connection and channel, live. */
import Layout from "../components/Layout.tsx";
import { Island } from "../lib/web/island.tsx";
import type { MonitorContext } from "./context.ts";

export default async function ConnectionsPage(ctx: MonitorContext) {
  const snapshot = await ctx.poller.latest();
  return (
    <Layout
      title="Connections"
      path="/connections"
      snapshot={snapshot}
      intervalSeconds={ctx.intervalSeconds}
      signOut={ctx.token !== undefined}
    >
      <Island name="ConnectionsTable" props={{ initial: snapshot }} />
    </Layout>
  );
}
