/** The page shell: head, navigation, the live/banner line, and the content. */
import type { ComponentChildren } from "preact";
import type { Snapshot } from "../lib/shared/mod.ts";
import { Island } from "./_island.tsx";
import type { MonitorContext } from "./_context.ts";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/exchanges", label: "Exchanges" },
  { href: "/connections", label: "Connections" },
  { href: "/vhosts", label: "Vhosts" },
  { href: "/queues?vhost=*", label: "All queues" },
  { href: "/broker", label: "Broker" },
  { href: "/policies", label: "Policies" },
  { href: "/definitions", label: "Definitions" },
  { href: "/actions", label: "Actions" },
];

/** What the shell shows on every page, taken from the monitor's settings. */
export interface Shell {
  intervalSeconds: number;
  /** Show a sign-out button (the monitor was started with a token). */
  signOut?: boolean;
  /** The vhost the page is about, and every vhost there is (a selector when there are more). */
  vhost?: { current: string; names: string[] };
}

/**
 * The shell settings of a page served with `ctx`: the status line's interval, sign-out, and
 * the vhost selector.
 *
 * @example
 * ```tsx
 * <Layout title="Exchanges" path="/exchanges" snapshot={snapshot} {...await shellOf(ctx)}>
 * ```
 */
export async function shellOf(ctx: MonitorContext): Promise<Shell> {
  return {
    intervalSeconds: ctx.intervalSeconds,
    signOut: ctx.token !== undefined,
    vhost: { current: ctx.vhost, names: await ctx.vhosts.names() },
  };
}

export default function Layout(
  props: Shell & {
    title: string;
    path: string;
    snapshot: Snapshot;
    children: ComponentChildren;
  },
) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · RabbitMQ monitor`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/style.css" />
      </head>
      <body>
        <nav class="top">
          <a class="brand" href="/">
            <span class="logo" aria-hidden="true">◆</span> RabbitMQ monitor
          </a>
          {NAV.map((n) => (
            <a key={n.href} href={n.href} class={props.path === n.href ? "active" : ""}>
              {n.label}
            </a>
          ))}
          {props.vhost && <VhostSelect {...props.vhost} />}
          {props.signOut && (
            <form class="sign-out" method="post" action="/logout">
              <button type="submit">Sign out</button>
            </form>
          )}
        </nav>
        <main>
          <Island
            name="StatusBanner"
            props={{ initial: props.snapshot, intervalSeconds: props.intervalSeconds }}
          />
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The vhost selector: a plain form (it works without JavaScript) that sets the page's vhost. */
function VhostSelect(props: { current: string; names: string[] }) {
  if (props.names.length < 2) {
    return <span class="vhost-name" title="virtual host">vhost {props.current}</span>;
  }
  return (
    <form class="vhost-select" method="post" action="/vhost">
      <label>
        vhost{" "}
        <select name="vhost" aria-label="virtual host">
          {props.names.map((name) => (
            <option key={name} value={name} selected={name === props.current}>{name}</option>
          ))}
        </select>
      </label>
      <button type="submit">Show</button>
    </form>
  );
}
