/**
 * The browser bundle the monitor serves: built with esbuild when running from source, or read
 * from the copy `deno task compile` embedded in a compiled monitor.
 */
import { type Bundle, bundleOf } from "./bundle_of.ts";

export type { Bundle };

/** Where `deno task compile` writes the bundle, and where a compiled monitor reads it. */
export const PREBUILT_BUNDLE = new URL("../../static/build/islands.js", import.meta.url);

/**
 * The bundle to serve: the embedded one inside a compiled executable, else a fresh build (so
 * a changed island is never served stale from an old file).
 *
 * @example
 * ```ts
 * const { js, hash } = await loadClientBundle();
 * ```
 */
export async function loadClientBundle(): Promise<Bundle> {
  if (Deno.build.standalone) return await bundleOf(await Deno.readTextFile(PREBUILT_BUNDLE));
  return await buildClientBundle();
}

/**
 * Builds the bundle from source with esbuild, in memory.
 *
 * @example
 * ```ts
 * const { js } = await buildClientBundle();
 * ```
 */
export async function buildClientBundle(): Promise<Bundle> {
  // Not a literal specifier, so `deno compile` leaves esbuild (and its native binary) out.
  const builder: typeof import("./esbuild_bundle.ts") = await import(
    new URL("./esbuild_bundle.ts", import.meta.url).href
  );
  return await builder.buildClientBundle();
}
