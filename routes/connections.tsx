/** Connections `/connections`: every client connection and channel, live. */
import Layout, { shellOf } from "./_layout.tsx";
import { Island } from "./_island.tsx";
import type { PageRequest } from "./_context.ts";

export default async function ConnectionsPage({ ctx }: PageRequest) {
  const snapshot = await ctx.poller.view({ queues: "none" });
  return (
    <Layout
      title="Connections"
      path="/connections"
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <Island name="ConnectionsTable" props={{ initial: snapshot }} />
      <Island
        name="ConnectionClose"
        props={{
          connections: snapshot.connections.map(({ name, clientName, user }) => ({
            name,
            clientName,
            user,
          })),
          refused: ctx.allow.refusal("connections"),
        }}
      />
    </Layout>
  );
}
