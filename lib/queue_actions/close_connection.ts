/**
 * Closing a client's connection through the management API, with a reason the client sees
 * (the broker closes it with `CONNECTION_FORCED` and this text).
 */
import { HttpError } from "../errors.ts";
import type { ManagementClient } from "../management/mod.ts";

/**
 * Closes the connection named `name` (the broker's name, "10.0.0.5:50412 -> 10.0.0.1:5672")
 * if it uses the client's virtual host; a connection of another vhost, or none, is a 404.
 *
 * @example
 * ```ts
 * await closeConnection(management, { name, reason: "restarting the workers" });
 * ```
 */
export async function closeConnection(
  management: ManagementClient,
  options: { name: string; reason: string },
): Promise<void> {
  const inVhost = await management.connections();
  if (!inVhost.some((c) => c.name === options.name)) {
    throw new HttpError(
      404,
      `no connection named '${options.name}' in vhost '${management.vhost}'`,
    );
  }
  await management.request(
    "DELETE",
    `connections/${encodeURIComponent(options.name)}`,
    undefined,
    // A header carries ISO-8859-1 only: anything else is sent escaped.
    { "x-reason": headerSafe(options.reason) },
  );
}

/** The reason as a header value: printable ASCII kept, anything else as `\uXXXX`. */
function headerSafe(text: string): string {
  return text.replace(
    /[^\x20-\x7e]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
