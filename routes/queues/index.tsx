/**
 * Every vhost's queues `/queues?vhost=*`: one page of the queues of every vhost the management
 * user may see, with a vhost column, paged, sorted and filtered (a name substring) by the broker
 * as the overview's table is, and read again each interval while the page is in view; the vhost
 * selector keeps choosing the one vhost the other pages show.
 */
import Layout, { shellOf } from "../_layout.tsx";
import type { PageRequest } from "../_context.ts";
import { HttpError } from "../../lib/errors.ts";
import { Island } from "../_island.tsx";
import { allVhostQueuePage } from "../../lib/snapshots/mod.ts";
import {
  parseQueueQuery,
  type QueueQuery,
  QueueQueryError,
  queueQueryParams,
} from "../../lib/shared/mod.ts";

export default async function AllQueuesPage({ ctx, query }: PageRequest) {
  let parsed: QueueQuery;
  try {
    parsed = parseQueueQuery(query);
  } catch (error) {
    if (error instanceof QueueQueryError) throw new HttpError(400, error.message);
    throw error;
  }
  const [snapshot, page] = await Promise.all([
    ctx.poller.view({ queues: "none" }),
    allVhostQueuePage(ctx.management, parsed, ctx.thresholds).catch((error) => {
      if (error instanceof HttpError && error.status === 400) throw error;
      return undefined;
    }),
  ]);
  const href = (changes: Partial<QueueQuery>) =>
    `/queues?${new URLSearchParams([
      ["vhost", "*"],
      ...queueQueryParams({ ...parsed, ...changes }),
    ])}`;
  return (
    <Layout
      title="Queues of every vhost"
      path="/queues?vhost=*"
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <form method="get" action="/queues" class="all-queues-filter">
        <input type="hidden" name="vhost" value="*" />
        <input
          type="search"
          name="name"
          value={parsed.name}
          placeholder="filter by name"
          aria-label="filter by name"
        />
        {parsed.sort !== "name" && <input type="hidden" name="sort" value={parsed.sort} />}
        {parsed.sortReverse && <input type="hidden" name="sort_reverse" value="true" />}
        <button type="submit">Filter</button>
        <a href={href({})}>Refresh</a>
      </form>
      {page
        ? (
          <Island
            name="AllQueuesTable"
            props={{
              initial: page,
              query: parsed,
              current: ctx.vhost,
              intervalSeconds: ctx.intervalSeconds,
            }}
          />
        )
        : <p class="muted">The management API does not answer, so the queues cannot be listed.</p>}
    </Layout>
  );
}
