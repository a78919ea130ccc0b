/**
 * The one check every route makes on a queue or exchange name taken from a path or a body.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Length in bytes as the broker counts it (UTF-8). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Why `name` is not a queue or exchange name this monitor works with, or `undefined`: more than
 * 255 bytes (UTF-8), control characters, or only dots (`.`, `..`, which paths normalise away).
 * (`/` is allowed: RabbitMQ names may hold it, and every path encodes it.)
 *
 * @example
 * ```ts
 * nameProblem("queue", "work.queue"); // undefined
 * nameProblem("queue", ".."); // "queue name '..' is not a name: ..."
 * ```
 */
export function nameProblem(kind: "queue" | "exchange", name: string): string | undefined {
  const bytes = utf8Length(name);
  if (bytes > 255) return `${kind} name is ${bytes} bytes in UTF-8; at most 255 are accepted`;
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name) || /^\.+$/.test(name)) {
    return `${kind} name '${JSON.stringify(name).slice(1, -1)}' is not a name: ` +
      "no control characters, not only dots";
  }
  return undefined;
}
