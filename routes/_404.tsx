/** The page for an address the monitor does not have: the usual shell, and the way back. */
import Layout, { shellOf } from "./_layout.tsx";
import type { MonitorContext } from "./_context.ts";

/** A 404 page saying what was not found, with links to the overview and the queue list. */
export default async function NotFoundPage(ctx: MonitorContext, what: string) {
  const snapshot = await ctx.poller.view({ queues: "none" });
  return (
    <Layout
      title="Not found"
      path=""
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <p class="empty not-found">
        {what}{" "}
        <a href="/">Back to the overview</a>, where every queue is listed (filter by name to find
        one).
      </p>
    </Layout>
  );
}
