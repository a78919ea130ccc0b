/**
 * Islands without Fresh, server side: render an island's HTML in place, wrapped in an element
 * that names it, and collect its props so the page can carry them (as JSON) to the browser,
 * where `boot.ts` hydrates each island with the same props.
 */
import { type ComponentType, createContext } from "preact";
import { useContext } from "preact/hooks";
import { islands } from "../../islands/mod.ts";

/** Name of an island in `islands/mod.ts`. */
export type IslandName = keyof typeof islands;

/** Collects the props of every island rendered into one page. */
export const IslandProps = createContext<unknown[] | null>(null);

/**
 * Props as they travel to the browser: signals as their current value, functions dropped.
 *
 * @example
 * ```ts
 * serializeProps({ count: signal(3), label: "q" }); // { count: 3, label: "q" }
 * ```
 */
export function serializeProps(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === "function") continue;
    out[key] = isSignal(value) ? value.peek() : value;
  }
  return out;
}

function isSignal(value: unknown): value is { peek(): unknown } {
  return typeof value === "object" && value !== null && "peek" in value && "brand" in value;
}

/**
 * The island data as an inert JSON script: `<` is escaped so no text inside can close the
 * script element, whatever a message body holds.
 *
 * @example
 * ```ts
 * islandDataScript([{ body: "</script>" }]); // '<script type="application/json" id="__islands">[{"body":"\u003c/script>"}]</script>'
 * ```
 */
export function islandDataScript(collected: unknown[]): string {
  const json = JSON.stringify(collected).replaceAll("<", "\\u003c");
  return `<script type="application/json" id="__islands">${json}</script>`;
}

/**
 * Renders island `name` with `props`, marked for hydration.
 *
 * @example
 * ```tsx
 * <Island name="QueueStats" props={{ initial: snapshot }} />
 * ```
 */
export function Island<N extends IslandName>(
  { name, props }: { name: N; props: Parameters<typeof islands[N]>[0] },
) {
  const collected = useContext(IslandProps);
  if (!collected) throw new Error("Island rendered outside renderPage()");
  const id = collected.length;
  collected.push(serializeProps(props as Record<string, unknown>));
  const Component = islands[name] as ComponentType<typeof props>;
  return (
    <div data-island={name} data-island-id={id} class="island">
      <Component {...props} />
    </div>
  );
}
