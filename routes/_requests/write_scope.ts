/**
 * What a monitor may change on the broker: by default it publishes only to the exchanges of the
 * toolkit's topology; more are allowed by name, and every write is off when it is read-only. The default exchange (which reaches every queue by name) and `amq.*` are
 * allowed only when named. The live feed taps only exchanges the monitor may publish to, or
 * that a watched queue is bound from, and never the firehose (`amq.rabbitmq.trace`).
 */

/** The firehose: a copy of every message through the broker. */
export const FIREHOSE = "amq.rabbitmq.trace";

/** Options for {@linkcode WriteScope}. */
export interface WriteScopeOptions {
  /** Every write refused. */
  readOnly: boolean;
  /** Exchanges that may be published to ("" is the default exchange). */
  exchanges: readonly string[];
  /** How the monitor's operator changes the scope (a script: its flags); absent: said plainly. */
  hints?: {
    /** Why everything is refused: "started with --read-only". */
    readOnly?: string;
    /** How to allow an exchange: "start the monitor with --publish-exchange 'x' to allow it". */
    allow?: (exchange: string) => string;
  };
}

/**
 * The writes one monitor allows.
 *
 * @example
 * ```ts
 * const scope = new WriteScope({ readOnly: false, exchanges: ["direct.exchange"] });
 * scope.publishRefusal("direct.exchange"); // undefined: allowed
 * scope.publishRefusal(""); // "...outside this monitor's write scope..."
 * ```
 */
export class WriteScope {
  readonly readOnly: boolean;
  readonly #exchanges: ReadonlySet<string>;
  readonly #readOnlyWhy: string;
  readonly #allow: (exchange: string) => string;

  constructor(options: WriteScopeOptions) {
    this.readOnly = options.readOnly;
    this.#exchanges = new Set(options.exchanges);
    this.#readOnlyWhy = options.hints?.readOnly ?? "set so when it was started";
    this.#allow = options.hints?.allow ??
      ((exchange) => `allow it by adding '${exchange}' to the exchanges it may publish to`);
  }

  /** The exchanges that may be published to. */
  get exchanges(): string[] {
    return [...this.#exchanges];
  }

  /** Why publishing to `exchange` is refused, in words for the person who asked; or undefined. */
  publishRefusal(exchange: string): string | undefined {
    if (this.readOnly) return `this monitor is read-only (${this.#readOnlyWhy})`;
    if (this.#exchanges.has(exchange)) return undefined;
    const name = exchange === "" ? "the default exchange ('')" : `exchange '${exchange}'`;
    return `${name} is outside this monitor's write scope (${
      this.exchanges.map((x) => `'${x}'`).join(", ") || "none"
    }); ${this.#allow(exchange)}`;
  }

  /**
   * Why changing `queue` (consuming, purging, deleting, moving its messages) is refused, or
   * undefined: allowed when the queue is bound from an exchange this monitor may publish to, so
   * its write scope covers it.
   */
  queueRefusal(queue: string, boundFrom: readonly string[]): string | undefined {
    if (this.readOnly) return `this monitor is read-only (${this.#readOnlyWhy})`;
    if (boundFrom.some((exchange) => this.#exchanges.has(exchange))) return undefined;
    const sources = boundFrom.filter((x) => x !== "").map((x) => `'${x}'`).join(", ");
    return `queue '${queue}' is outside this monitor's write scope: it is bound from ${
      sources || "no exchange but the default one"
    }; ${this.#allow(boundFrom.find((x) => x !== "") ?? "")}`;
  }

  /** Whether a viewer may tap `exchange` by name. */
  mayTap(exchange: string): boolean {
    return exchange !== FIREHOSE && this.#exchanges.has(exchange);
  }
}
