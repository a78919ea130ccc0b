/** The text of whatever was thrown, for one-line messages. */

/**
 * The message of an `Error`, or the thrown value as text.
 *
 * @example
 * ```ts
 * messageOf(new Error("boom")); // "boom"
 * messageOf("plain"); // "plain"
 * ```
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
