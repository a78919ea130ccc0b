/** Overview `/`: summary figures, depth and rate charts, the queue table, the nodes, a publish form. */
import {
  DEFAULT_QUEUE_QUERY,
  parseQueueColumns,
  parseQueueQuery,
  type QueueQuery,
} from "../lib/shared/mod.ts";
import Layout, { shellOf } from "./_layout.tsx";
import { Island } from "./_island.tsx";
import { type PageRequest, publishAccess } from "./_context.ts";
import { CHART_SECONDS, chartHistory } from "./_chart_history.ts";

/** The table's query from the address; a query that cannot be used shows the default page. */
function queryOf(params: Record<string, string>): QueueQuery {
  try {
    return parseQueueQuery(params);
  } catch {
    return DEFAULT_QUEUE_QUERY;
  }
}

export default async function OverviewPage({ ctx, query: params }: PageRequest) {
  const query = queryOf(params);
  const [snapshot, history] = await Promise.all([
    ctx.poller.view({ queues: "page", query }),
    chartHistory(ctx),
  ]);
  return (
    <Layout
      title="Overview"
      path="/"
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <Island name="QueueStats" props={{ initial: snapshot }} />
      <Island name="HistoryChart" props={{ history, windowSeconds: CHART_SECONDS }} />
      <Island
        name="QueueTable"
        props={{
          initial: snapshot,
          query,
          view: params.view === "cards" ? "cards" : "table",
          columns: parseQueueColumns(params.columns),
        }}
      />
      <Island name="NodeList" props={{ initial: snapshot }} />
      <Island
        name="PublishForm"
        props={{
          exchange: ctx.defaults.exchange,
          routingKey: ctx.defaults.routingKey,
          access: publishAccess(ctx),
        }}
      />
    </Layout>
  );
}
