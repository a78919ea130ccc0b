/**
 * Exchange `/exchanges/:name`: its type and features, rates, where it routes to (bindings out)
 * and what routes into it; the live feed and a publish form when the monitor's scope allows.
 */
import type { BindingInfo, ExchangeInfo } from "../../lib/shared/mod.ts";
import { formatRate, realExchangeName } from "../../lib/shared/mod.ts";
import Layout, { shellOf } from "../_layout.tsx";
import { Island } from "../_island.tsx";
import { type PageRequest, publishAccess } from "../_context.ts";
import { HttpError } from "../../lib/errors.ts";
import { nameProblem } from "../_requests/resource_name.ts";

/** The exchange's page; a 404 when it does not exist or the management API cannot say. */
export default async function ExchangePage({ ctx, params }: PageRequest) {
  const shown = params.name;
  const problem = nameProblem("exchange", shown);
  if (problem) throw new HttpError(400, problem);
  const name = realExchangeName(shown);
  const [snapshot, info, bindings] = await Promise.all([
    ctx.poller.view({ queues: "none" }),
    ctx.management.exchange(name),
    ctx.management.bindings(),
  ]).catch((cause) => {
    throw new HttpError(
      404,
      "The management API does not answer, so exchanges cannot be shown.",
      { cause },
    );
  });
  if (!info) throw new HttpError(404, `No exchange named '${shown}'.`);
  const out = bindings.filter((b) => b.source === name);
  const into = bindings.filter((b) => b.destination_type === "exchange" && b.destination === name);
  return (
    <Layout
      title={name === "" ? "(AMQP default)" : name}
      path={`/exchanges/${shown}`}
      snapshot={snapshot}
      {...await shellOf(ctx)}
    >
      <p class="crumbs">
        <a href="/exchanges">Exchanges</a> › exchange <strong data-field="crumb">{shown}</strong>
      </p>
      <ExchangeFacts info={info} />
      <h2>Routes to ({out.length})</h2>
      {name === "" ? <Routes bindings={out} end="destination" /> : (
        <Island
          name="BindingEditor"
          props={{
            exchange: name,
            type: info.type,
            bindings: out.map((b) => ({ ...b, arguments: b.arguments ?? {} })),
            refused: ctx.allow.refusal("topology"),
          }}
        />
      )}
      <h2>Routed from ({into.length})</h2>
      <Routes bindings={into} end="source" />
      {ctx.scope.mayTap(name) && (
        <Island
          name="MessageFeed"
          props={{ query: `exchange=${encodeURIComponent(name)}`, title: "Live messages" }}
        />
      )}
      {ctx.scope.publishRefusal(name) === undefined && (
        <Island
          name="PublishForm"
          props={{
            exchange: name,
            routingKey: out[0]?.routing_key ?? "",
            access: publishAccess(ctx),
          }}
        />
      )}
      {name !== "" && !name.startsWith("amq.") && (
        <Island
          name="ExchangeDelete"
          props={{ exchange: name, refused: ctx.allow.refusal("topology") }}
        />
      )}
    </Layout>
  );
}

/** Type, features, arguments and rates, as a definition list. */
function ExchangeFacts({ info }: { info: ExchangeInfo }) {
  const features = [
    info.durable ? "durable" : "transient",
    info.auto_delete && "auto-delete",
    info.internal && "internal",
  ].filter(Boolean).join(", ");
  const args = info.arguments && Object.keys(info.arguments).length
    ? JSON.stringify(info.arguments)
    : "none";
  return (
    <dl class="facts">
      <div>
        <dt>Type</dt>
        <dd data-field="type">{info.type}</dd>
      </div>
      <div>
        <dt>Features</dt>
        <dd data-field="features">{features}</dd>
      </div>
      <div>
        <dt>Arguments</dt>
        <dd class="mono">{args}</dd>
      </div>
      <div>
        <dt>Publish in</dt>
        <dd>{formatRate(info.message_stats?.publish_in_details?.rate ?? 0)}</dd>
      </div>
      <div>
        <dt>Publish out</dt>
        <dd>{formatRate(info.message_stats?.publish_out_details?.rate ?? 0)}</dd>
      </div>
    </dl>
  );
}

/** Bindings as a table; `end` says which side to show (where to, or where from). */
function Routes(props: { bindings: BindingInfo[]; end: "destination" | "source" }) {
  if (props.bindings.length === 0) return <p class="muted">None.</p>;
  return (
    <div class="table-scroll">
      <table class="routes">
        <thead>
          <tr>
            <th>{props.end === "destination" ? "to" : "from"}</th>
            <th>routing key</th>
            <th>arguments</th>
          </tr>
        </thead>
        <tbody>
          {props.bindings.map((b, i) => {
            const other = props.end === "destination" ? b.destination : b.source;
            const isQueue = props.end === "destination" && b.destination_type === "queue";
            const href = `/${isQueue ? "queues" : "exchanges"}/${encodeURIComponent(other)}`;
            return (
              <tr key={i}>
                <td class="mono">
                  {isQueue ? "queue " : "exchange "}
                  <a href={href}>{other}</a>
                </td>
                <td class="mono">{b.routing_key}</td>
                <td class="mono">
                  {b.arguments && Object.keys(b.arguments).length
                    ? JSON.stringify(b.arguments)
                    : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
