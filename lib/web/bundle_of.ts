/** Naming a browser bundle by its content, so its URL changes whenever its code does. */

/** A built bundle and the short hash that names its version in URLs. */
export interface Bundle {
  js: string;
  hash: string;
}

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
