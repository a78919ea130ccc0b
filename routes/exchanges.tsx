/** Exchanges `/exchanges`: every exchange with its bindings and publish rates, live. */
import Layout, { shellOf } from "./_layout.tsx";
import { Island } from "./_island.tsx";
import type { PageRequest } from "./_context.ts";

export default async function ExchangesPage({ ctx }: PageRequest) {
  const [snapshot, rows] = await Promise.all([
    ctx.poller.view({ queues: "none" }),
    ctx.exchanges.get().catch(() => null),
  ]);
  return (
    <Layout
      title="Exchanges"
      path="/exchanges"
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <Island
        name="ExchangeTable"
        props={{ initial: rows, intervalSeconds: ctx.intervalSeconds }}
      />
      <Island name="DeclareForms" props={{ refused: ctx.allow.refusal("topology") }} />
    </Layout>
  );
}
