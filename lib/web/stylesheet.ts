/**
 * The page's one stylesheet: the libraries' own CSS (uPlot's chart layout) first, then ours,
 * which may override it. From source, the libraries' CSS is read from `node_modules`; a compiled
 * monitor reads the copy `deno task compile` embedded.
 */

/** Our own styles. */
export const OWN_STYLESHEET = new URL("../../static/style.css", import.meta.url);
/** Where `deno task compile` writes the libraries' CSS, and where a compiled monitor reads it. */
export const PREBUILT_LIBRARY_CSS = new URL("../../static/build/libraries.css", import.meta.url);
/** CSS files of npm packages the islands use, by path inside `node_modules`. */
const LIBRARY_CSS = ["uplot/dist/uPlot.min.css"];

/**
 * The libraries' CSS, from `node_modules` (the project uses `"nodeModulesDir": "auto"`).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile(PREBUILT_LIBRARY_CSS, await libraryCss());
 * ```
 */
export async function libraryCss(): Promise<string> {
  const modules = new URL("../../node_modules/", import.meta.url);
  const parts = await Promise.all(
    LIBRARY_CSS.map((path) => Deno.readTextFile(new URL(path, modules))),
  );
  return parts.join("\n");
}

/**
 * The stylesheet the monitor serves at `/static/style.css`.
 *
 * @example
 * ```ts
 * const css = await loadStylesheet();
 * ```
 */
export async function loadStylesheet(): Promise<string> {
  const libraries = Deno.build.standalone
    ? await Deno.readTextFile(PREBUILT_LIBRARY_CSS)
    : await libraryCss();
  return `${libraries}\n${await Deno.readTextFile(OWN_STYLESHEET)}`;
}
