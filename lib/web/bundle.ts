/**
 * The browser bundle the monitor serves: built with esbuild when running from source, or read
 * from the copy `deno task compile` embedded in a compiled monitor.
 */

/** A built bundle and the short hash that names its version in URLs. */
export interface Bundle {
  js: string;
  hash: string;
}

/** Where `deno task compile` writes the bundle, and where a compiled monitor reads it. */
export const PREBUILT_BUNDLE = new URL("../../static/build/islands.js", import.meta.url);

/**
 * A bundle of this code, named by the first 12 hex digits of its SHA-256.
 *
 * @example
 * ```ts
 * (await bundleOf("console.log(1)")).hash.length; // 12
 * ```
 */
export async function bundleOf(js: string): Promise<Bundle> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(js));
  const hash = [...new Uint8Array(digest).slice(0, 6)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return { js, hash };
}

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
  // Not a literal specifier, so `deno compile` leaves esbuild (and its native binary) out.
  const builder: typeof import("./esbuild_bundle.ts") = await import(
    new URL("./esbuild_bundle.ts", import.meta.url).href
  );
  return await builder.buildClientBundle();
}
