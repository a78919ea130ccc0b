/** Exchanges `/exchanges`: every exchange with its bindings and publish rates, live. */
import Layout from "./_layout.tsx";
import { vhostChoice } from "./_vhosts.ts";
import { Island } from "./_island.tsx";
import type { MonitorContext } from "./_context.ts";

export default async function ExchangesPage(ctx: MonitorContext) {
  const [snapshot, rows] = await Promise.all([
    ctx.poller.latest(),
    ctx.exchanges.get().catch(() => null),
  ]);
  return (
    <Layout
      title="Exchanges"
      path="/exchanges"
      snapshot={snapshot}
      intervalSeconds={ctx.intervalSeconds}
      signOut={ctx.token !== undefined}
      vhost={await vhostChoice(ctx)}
    >
      <Island
        name="ExchangeTable"
        props={{ initial: rows, intervalSeconds: ctx.intervalSeconds }}
      />
    </Layout>
  );
}
