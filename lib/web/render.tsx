/**
 * Renders a page to HTML: the component tree, the props of its islands, and the bundle that
 * hydrates them.
 */
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { CollectedProps, islandDataScript } from "./island.tsx";

/**
 * A complete HTML document for `page` (a `<html>` tree), with island data and the bundle
 * script added before `</body>`.
 *
 * @example
 * ```tsx
 * const html = renderPage(<Layout title="Overview">…</Layout>, "/static/islands.js?v=abc");
 * ```
 */
export function renderPage(page: VNode, bundleUrl: string): string {
  const collected: unknown[] = [];
  const html = renderToString(
    <CollectedProps.Provider value={collected}>{page}</CollectedProps.Provider>,
  );
  const tail = collected.length > 0
    ? `${islandDataScript(collected)}<script type="module" src="${bundleUrl}"></script>`
    : "";
  return `<!doctype html>${html.replace("</body>", `${tail}</body>`)}`;
}
