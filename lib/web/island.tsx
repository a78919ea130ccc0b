/**
 * Islands without Fresh, server side: render an island's HTML in place, wrapped in an element
 * that names it, and collect its props so the page can carry them (as JSON) to the browser,
 * where `boot.ts` hydrates each island with the same props.
 */
import { type ComponentType, createContext, type VNode } from "preact";
import { useContext } from "preact/hooks";

/** The app's islands by name: the same object the browser entry passes to `boot()`. */
// deno-lint-ignore no-explicit-any
export type IslandRegistry = Record<string, ComponentType<any>>;

/** Props of `<Island>` for a registry: an island's name and that island's own props. */
export type IslandProps<R extends IslandRegistry, N extends keyof R & string> = {
  name: N;
  props: R[N] extends ComponentType<infer P> ? P : never;
};

/** Collects the props of every island rendered into one page. */
export const CollectedProps = createContext<unknown[] | null>(null);

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
 * The `<Island>` component for an app's registry: it renders island `name` with `props` on the
 * server, marked for hydration. The registry is passed in, so this module never imports the app.
 *
 * @example
 * ```tsx
 * const Island = islandComponent({ Counter });
 * <Island name="Counter" props={{ start: 3 }} />;
 * ```
 */
export function islandComponent<R extends IslandRegistry>(
  registry: R,
): <N extends keyof R & string>(island: IslandProps<R, N>) => VNode {
  return function Island({ name, props }) {
    const collected = useContext(CollectedProps);
    if (!collected) throw new Error("Island rendered outside renderPage()");
    const id = collected.length;
    collected.push(serializeProps(props as Record<string, unknown>));
    const Component: ComponentType<Record<string, unknown>> = registry[name];
    return (
      <div data-island={name} data-island-id={id} class="island">
        <Component {...props as Record<string, unknown>} />
      </div>
    );
  };
}
