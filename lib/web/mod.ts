/**
 * Islands without Fresh, server side: island markers for an app's registry, whole pages with
 * their island data, and the browser bundle. The browser side is `boot.ts`, the bundle's entry
 * imports it on its own so none of this reaches the browser.
 *
 * @module
 */
export {
  CollectedProps,
  islandComponent,
  type IslandProps,
  type IslandRegistry,
} from "./island.tsx";
export { renderPage } from "./render.tsx";
export { buildClientBundle, type Bundle, loadClientBundle, PREBUILT_BUNDLE } from "./bundle.ts";
export { libraryCss, loadStylesheet, OWN_STYLESHEET, PREBUILT_LIBRARY_CSS } from "./stylesheet.ts";
