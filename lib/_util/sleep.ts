/** Waiting without blocking: the one timer promise the toolkit uses. */

/**
 * Resolves after `ms` milliseconds (at once for 0 or less).
 *
 * @example
 * ```ts
 * await sleep(100);
 * ```
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
