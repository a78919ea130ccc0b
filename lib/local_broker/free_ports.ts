/** Free loopback ports for private nodes, found by trying. */

/**
 * The first of `count` consecutive free ports on loopback (a cluster's nodes take consecutive
 * ones). They are below Linux's ephemeral range (32768 and up): a port found free there can be
 * taken as the local end of any outgoing connection before the node binds it.
 *
 * @example
 * ```ts
 * const base = freePortRange(3); // base, base + 1 and base + 2 were free just now
 * ```
 */
export function freePortRange(count: number): number {
  for (;;) {
    const base = 10_000 + Math.floor(Math.random() * 22_000);
    const listeners: Deno.Listener[] = [];
    try {
      for (let i = 0; i < count; i++) {
        listeners.push(Deno.listen({ hostname: "127.0.0.1", port: base + i }));
      }
      return base;
    } catch {
      // Taken: try another range.
    } finally {
      for (const listener of listeners) listener.close();
    }
  }
}
