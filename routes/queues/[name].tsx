/**
 * Queue `/queues/:name`: live numbers, depth and rate charts, actions, consumers, bindings, get
 * messages, the message feed, a publish form and a consumer for the page.
 */
import BindingTable from "../../components/BindingTable.tsx";
import ConsumerTable from "../../components/ConsumerTable.tsx";
import { QueueSettings } from "../../components/QueueSettings.tsx";
import Layout, { shellOf } from "../_layout.tsx";
import { Island } from "../_island.tsx";
import { type MonitorContext, type PageRequest, publishAccess, queueAccess } from "../_context.ts";
import {
  type BindingInfo,
  fullStatistics,
  queueDetails,
  type QueueInfo,
} from "../../lib/shared/mod.ts";
import { inspectQueue } from "../../lib/amqp/mod.ts";
import { consumerClientNames } from "../../lib/management/mod.ts";
import { HttpError } from "../../lib/errors.ts";
import { CHART_SECONDS, chartHistory } from "../_chart_history.ts";
import { nameProblem } from "../_requests/resource_name.ts";

/** The queue's page; a 404 when neither the management API nor AMQP finds it. */
export default async function QueuePage({ ctx, params }: PageRequest) {
  const name = params.name;
  const problem = nameProblem("queue", name);
  if (problem) throw new HttpError(400, problem);
  const seen = await ctx.poller.view({ queues: "one", name });
  const listed = seen.queues.some((q) => q.name === name) ||
    await ctx.management.queue(name).catch(() => undefined);
  // The management API away: AMQP still tells whether it exists (and, from now on, its depth).
  const learned = !listed && !fullStatistics(seen) && await existsOverAmqp(ctx, name);
  if (!listed && !learned) throw new HttpError(404, `No queue named '${name}'.`);
  if (learned) ctx.poller.watch(name);
  const snapshot = learned ? await ctx.poller.view({ queues: "one", name }) : seen;
  // Consumers and bindings are read once per page load; the live numbers come from the stream.
  const [info, bindings, history] = await Promise.all([
    ctx.management.queue(name).catch(() => undefined) as Promise<QueueInfo | undefined>,
    ctx.management.queueBindings(name).catch(() => undefined) as Promise<BindingInfo[] | undefined>,
    chartHistory(ctx, name),
  ]);
  // Read now, not from the snapshot (a consumer that just came has a connection it lacks), and
  // only the consumers' own connections.
  const clientNames = await consumerClientNames(ctx.management, info?.consumer_details ?? []);
  const exchangeBinding = (bindings ?? []).find((b) => b.source !== "");
  const type = info?.type ?? snapshot.queues.find((q) => q.name === name)?.type;
  // Actions the server would refuse are offered disabled, with its reason (or not at all).
  const access = queueAccess(ctx, name, { bindings, type });
  const publishing = publishAccess(ctx);
  // The publish form starts with a binding the monitor may publish through, where there is one.
  const publishBinding =
    (bindings ?? []).find((b) => b.source !== "" && publishing.exchanges.includes(b.source)) ??
      exchangeBinding;
  return (
    <Layout
      title={name}
      path={`/queues/${name}`}
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <p class="crumbs">
        <a href="/">Overview</a> › queue <strong data-field="crumb">{name}</strong>
      </p>
      <div class="queue-page">
        <Island
          name="QueueDetail"
          props={{ initial: snapshot, queue: name, details: info && queueDetails(info) }}
        />
        <Island
          name="HistoryChart"
          props={{ queue: name, history, windowSeconds: CHART_SECONDS }}
        />
      </div>
      <Island name="QueueActions" props={{ queue: name, access }} />
      <h2>Arguments and policy</h2>
      <QueueSettings info={info} />
      <h2>Consumers</h2>
      <ConsumerTable
        consumers={info?.consumer_details}
        clientNames={clientNames}
      />
      <h2>Bindings</h2>
      <BindingTable bindings={bindings} />
      <Island name="GetMessages" props={{ queue: name, access }} />
      {type !== "stream" && <Island name="QueueRedrive" props={{ queue: name, access }} />}
      {exchangeBinding
        ? (
          <>
            <Island
              name="MessageFeed"
              props={{ query: `queue=${encodeURIComponent(name)}`, title: "Live messages" }}
            />
            <Island
              name="PublishForm"
              props={{
                exchange: publishBinding!.source,
                routingKey: publishBinding!.routing_key,
                access: publishing,
              }}
            />
            <Island name="BrowserConsumer" props={{ queue: name, access }} />
          </>
        )
        : (
          <p class="muted">
            No exchange is bound to this queue, so there is nothing to tap for a live feed (messages
            sent straight to the queue through the default exchange cannot be copied).
          </p>
        )}
    </Layout>
  );
}

/** Whether a passive declare finds the queue (false when AMQP cannot say either). */
async function existsOverAmqp(ctx: MonitorContext, queue: string): Promise<boolean> {
  try {
    return (await inspectQueue(await ctx.link.connection(), queue)) !== undefined;
  } catch {
    return false;
  }
}
