/**
 * Islands without Fresh, browser side: find every marked island, read its props from the
 * page's JSON, and hydrate it over the server-rendered HTML.
 */
import { type ComponentType, h, hydrate } from "preact";

/**
 * Hydrates every island on the page.
 *
 * @example
 * ```ts
 * import { islands } from "../../islands/mod.ts";
 * boot(islands);
 * ```
 */
// deno-lint-ignore no-explicit-any
export function boot(islands: Record<string, ComponentType<any>>): void {
  const data = document.getElementById("__islands")?.textContent;
  const props: Record<string, unknown>[] = data ? JSON.parse(data) : [];
  for (const element of document.querySelectorAll<HTMLElement>("[data-island]")) {
    const Component = islands[element.dataset.island ?? ""];
    const id = Number(element.dataset.islandId);
    if (!Component || !props[id]) continue;
    hydrate(h(Component, props[id]), element);
  }
}
