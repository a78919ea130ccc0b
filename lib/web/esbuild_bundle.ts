/**
 * Builds the browser bundle (every island, Preact, signals) with esbuild, in memory. Only
 * `deno task monitor` and `deno task compile` load this: a compiled monitor serves the bundle
 * built at compile time and carries no esbuild.
 */
import * as esbuild from "esbuild";
import { type Bundle, bundleOf } from "./bundle_of.ts";

/**
 * Bundles `client.ts` for the browser, minified.
 *
 * @example
 * ```ts
 * const { js, hash } = await buildClientBundle();
 * ```
 */
export async function buildClientBundle(): Promise<Bundle> {
  const root = new URL("../../", import.meta.url).pathname;
  try {
    const result = await esbuild.build({
      entryPoints: [`${root}client.ts`],
      absWorkingDir: root,
      bundle: true,
      write: false,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      jsx: "automatic",
      jsxImportSource: "preact",
      legalComments: "none",
    });
    return await bundleOf(result.outputFiles[0].text);
  } finally {
    await esbuild.stop();
  }
}
