/**
 * Builds the browser bundle (every island, Preact, signals) with esbuild, in memory.
 */
import * as esbuild from "esbuild";

/** A built bundle and the short hash that names its version in URLs. */
export interface Bundle {
  js: string;
  hash: string;
}

/**
 * Bundles `lib/web/client.ts` for the browser, minified.
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
      entryPoints: [`${root}lib/web/client.ts`],
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
    const js = result.outputFiles[0].text;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(js));
    const hash = [...new Uint8Array(digest).slice(0, 6)].map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    return { js, hash };
  } finally {
    await esbuild.stop();
  }
}
