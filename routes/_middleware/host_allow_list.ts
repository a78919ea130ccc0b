/**
 * Answers only requests addressed to this monitor by a name it was told about. A page on
 * another site whose name is made to resolve to 127.0.0.1 (DNS rebinding) reaches the monitor's
 * port, but its requests carry that site's name in `Host`: they are refused before any handler
 * runs, with or without a token.
 */
import type { MiddlewareHandler } from "hono";

/** Names a monitor on this machine is always reachable by. */
export const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"] as const;

/**
 * The host names a monitor answers to: loopback, the address it listens on (unless that is
 * every address), and the names given with `--allowed-host`.
 *
 * @example
 * ```ts
 * allowedHosts({ listen: "0.0.0.0", extra: ["monitor.lan"] });
 * // ["localhost", "127.0.0.1", "[::1]", "monitor.lan"]
 * ```
 */
export function allowedHosts(options: { listen: string; extra?: readonly string[] }): string[] {
  const names = new Set<string>(LOOPBACK_NAMES);
  const listen = hostnameOf(
    options.listen.includes(":") && !options.listen.startsWith("[")
      ? `[${options.listen}]`
      : options.listen,
  );
  if (listen && listen !== "0.0.0.0" && listen !== "[::]") names.add(listen);
  for (const name of options.extra ?? []) {
    const hostname = hostnameOf(name);
    if (hostname) names.add(hostname);
  }
  return [...names];
}

/** The lower-case host name of a `Host` value or an origin's host (port dropped), if valid. */
export function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Middleware: 421 for a request whose `Host` names none of `allowed`.
 *
 * @example
 * ```ts
 * app.use(hostAllowList(allowedHosts({ listen: "127.0.0.1" })));
 * ```
 */
export function hostAllowList(
  allowed: readonly string[],
  advice = "have its operator add this name to the names it answers to",
): MiddlewareHandler {
  const names = new Set(allowed);
  return async function hostCheck(c, next) {
    const host = c.req.header("host");
    const hostname = host === undefined ? undefined : hostnameOf(host);
    if (hostname === undefined || !names.has(hostname)) {
      return c.text(
        `This monitor does not answer to the name '${host ?? ""}'. ` +
          `Open it as http://localhost:PORT, or ${advice}.`,
        421,
      );
    }
    await next();
  };
}
