/**
 * Broker `/broker`: the nodes, feature flags, deprecated features in use (and the queues that use
 * them), vhost limits, users with their tags, limits and permissions. Read once per page load;
 * the nodes stay live. What the management user may not read is said in one line.
 */
import Layout, { shellOf } from "./_layout.tsx";
import { Island } from "./_island.tsx";
import type { PageRequest } from "./_context.ts";
import {
  type BrokerState,
  type DeprecatedFeatureUse,
  type FeatureFlag,
  readBrokerState,
  type Section,
  USED_BY_LIMIT,
} from "../lib/management/mod.ts";
import { type ComponentChildren, Fragment } from "preact";

export default async function BrokerPage({ ctx }: PageRequest) {
  const [snapshot, state] = await Promise.all([
    ctx.poller.view({ queues: "none" }),
    readBrokerState(ctx.management),
  ]);
  return (
    <Layout title="Broker" path="/broker" snapshot={snapshot} {...await shellOf(ctx)}>
      <Island name="NodeList" props={{ initial: snapshot }} />
      <h2>Deprecated features in use</h2>
      <Shown section={state.deprecatedUsed} field="deprecated">
        {(used) => <DeprecatedUsed used={used} />}
      </Shown>
      <h2>Feature flags</h2>
      <Shown section={state.featureFlags} field="feature-flags">
        {(flags) => <FeatureFlags flags={flags} />}
      </Shown>
      <h2>Users</h2>
      <Shown section={state.users} field="users">
        {(users) => <Users users={users} permissions={state.permissions} />}
      </Shown>
      <h2>Vhost limits</h2>
      <Shown section={state.vhostLimits} field="vhost-limits">
        {(limits) =>
          limits.length
            ? (
              <div class="table-scroll">
                <table class="broker-table" data-field="vhost-limits">
                  <thead>
                    <tr>
                      <th>virtual host</th>
                      <th>limits</th>
                    </tr>
                  </thead>
                  <tbody>
                    {limits.map((l) => (
                      <tr key={l.vhost} data-vhost={l.vhost}>
                        <td class="mono">{l.vhost}</td>
                        <td>{limitText(l.value)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
            : <p class="muted" data-field="vhost-limits">No vhost has limits.</p>}
      </Shown>
    </Layout>
  );
}

/** A section's content, or the one line that says why the broker did not give it. */
function Shown<T>(
  props: { section: Section<T>; field: string; children: (value: T) => ComponentChildren },
) {
  if (!props.section.ok) {
    return (
      <p class="muted" data-field={props.field} data-unreadable="true">{props.section.reason}</p>
    );
  }
  return <>{props.children(props.section.value)}</>;
}

function DeprecatedUsed(props: { used: DeprecatedFeatureUse[] }) {
  if (!props.used.length) {
    return (
      <p class="muted" data-field="deprecated">
        None: the next version removes nothing this broker uses.
      </p>
    );
  }
  return (
    <ul class="deprecated" data-field="deprecated">
      {props.used.map((d) => (
        <li key={d.name} data-feature={d.name}>
          <code>{d.name}</code> <span class="muted">({d.phase.replaceAll("_", " ")})</span>
          {d.docUrl && (
            <>
              {" "}
              <a href={d.docUrl} rel="noreferrer">why</a>
            </>
          )}
          {d.usedBy && (
            <p class="used-by">
              used by{" "}
              {d.usedBy.slice(0, USED_BY_LIMIT).map((q, i) => (
                <Fragment key={`${q.vhost}/${q.name}`}>
                  {i ? ", " : ""}
                  <code data-queue={q.name} data-vhost={q.vhost}>
                    {q.vhost === "/" ? q.name : `${q.vhost}/${q.name}`}
                  </code>
                </Fragment>
              ))}
              {d.usedBy.length > USED_BY_LIMIT
                ? ` and ${d.usedBy.length - USED_BY_LIMIT} more`
                : ""}
              {d.usedBy.length ? "" : "no queue the management user can see"}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function FeatureFlags(props: { flags: FeatureFlag[] }) {
  const enabled = props.flags.filter((f) => f.state === "enabled").length;
  return (
    <>
      <p class="muted">{enabled} of {props.flags.length} enabled</p>
      <div class="table-scroll">
        <table class="broker-table" data-field="feature-flags">
          <thead>
            <tr>
              <th>flag</th>
              <th>state</th>
              <th>stability</th>
              <th>description</th>
            </tr>
          </thead>
          <tbody>
            {props.flags.map((f) => (
              <tr key={f.name} data-flag={f.name}>
                <td class="mono">{f.name}</td>
                <td data-field="state" class={f.state === "enabled" ? "" : "warn"}>{f.state}</td>
                <td>{f.stability ?? ""}</td>
                <td>{f.desc ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Users(
  props: {
    users: { name: string; tags: string[]; limits: Record<string, number> }[];
    permissions: BrokerState["permissions"];
  },
) {
  const permissions = props.permissions;
  return (
    <>
      {!permissions.ok && <p class="muted" data-field="permissions">{permissions.reason}</p>}
      <div class="table-scroll">
        <table class="broker-table" data-field="users">
          <thead>
            <tr>
              <th>user</th>
              <th>tags</th>
              <th>limits</th>
              <th>permissions (vhost: configure / write / read)</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr key={u.name} data-user={u.name}>
                <td class="mono">{u.name}</td>
                <td data-field="tags">{u.tags.join(", ") || "none"}</td>
                <td data-field="limits">{limitText(u.limits)}</td>
                <td data-field="permissions">
                  {permissions.ok
                    ? permissions.value.filter((p) => p.user === u.name).map((p) => (
                      <div key={p.vhost} data-vhost={p.vhost}>
                        <code>{`${p.vhost}: ${p.configure} / ${p.write} / ${p.read}`}</code>
                      </div>
                    ))
                    : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function limitText(limits: Record<string, number>): string {
  const entries = Object.entries(limits);
  return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join(", ") : "none";
}
