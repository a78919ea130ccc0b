/**
 * The virtual hosts a monitor shows: the one of `--url`, and any other a page selects (by the
 * `vhost` cookie the selector sets, or `?vhost=` on any address). Each gets its own sources
 * (poller, feed taps, broker link), made the first time it is asked for and kept.
 */
import type { CachedRead } from "../lib/management/mod.ts";

/** The cookie that holds a browser's chosen virtual host. */
export const VHOST_COOKIE = "monitor_vhost";

/**
 * One monitor's contexts by virtual host.
 *
 * @example
 * ```ts
 * const ctx = await vhosts.select("orders"); // undefined when there is no such vhost
 * ```
 */
export class VhostContexts<Context extends { vhost: string }> {
  readonly #first: Context;
  readonly #make: (vhost: string) => Context;
  readonly #names: CachedRead<string[]>;
  readonly #made = new Map<string, Context>();

  /** `first` is the context of `--url`'s vhost; `make` builds one for another vhost. */
  constructor(
    first: Context,
    make: (vhost: string) => Context,
    names: CachedRead<string[]>,
  ) {
    this.#first = first;
    this.#make = make;
    this.#names = names;
    this.#made.set(first.vhost, first);
  }

  /** The vhost of `--url`. */
  get default(): Context {
    return this.#first;
  }

  /** The broker's vhost names (just `--url`'s when the management API does not answer). */
  async names(): Promise<string[]> {
    return await this.#names.get().catch(() => [this.#first.vhost]);
  }

  /** The context of `vhost`, made on first use; `undefined` when the broker has no such vhost. */
  async select(vhost: string): Promise<Context | undefined> {
    const made = this.#made.get(vhost);
    if (made) return made;
    if (!(await this.names()).includes(vhost)) return undefined;
    const ctx = this.#made.get(vhost) ?? this.#make(vhost); // another request may have made it
    this.#made.set(vhost, ctx);
    return ctx;
  }

  /** Every context made so far, for closing them. */
  all(): Context[] {
    return [...this.#made.values()];
  }
}
