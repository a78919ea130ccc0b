/**
 * Which actions on the broker itself a monitor may take, besides publishing and acting on
 * messages (the write scope): each kind is off unless the monitor was started with
 * `--allow KIND`, and a read-only monitor refuses them all. A refusal names the flag.
 */

/** The kinds of action `--allow` turns on. */
export const ACTION_KINDS = ["topology", "connections", "policies", "definitions"] as const;

/** One kind of action: queues, exchanges and bindings; connections; policies; definitions. */
export type ActionKind = typeof ACTION_KINDS[number];

/** What each kind covers, for refusals and `--help`. */
export const ACTION_KIND_WORDS: Record<ActionKind, string> = {
  topology: "declaring and deleting queues and exchanges, adding and removing bindings",
  connections: "closing connections",
  policies: "creating, changing and deleting policies",
  definitions: "importing definitions",
};

/**
 * The kinds in `values` (each a comma list, as `--allow topology,connections` gives them), or
 * an error naming what is accepted.
 *
 * @example
 * ```ts
 * parseActionKinds(["topology,connections", "policies"]); // ["topology", "connections", "policies"]
 * ```
 */
export function parseActionKinds(values: readonly string[]): ActionKind[] {
  const kinds = new Set<ActionKind>();
  for (const part of values.flatMap((v) => v.split(","))) {
    const kind = part.trim();
    if (kind === "") continue;
    if (!(ACTION_KINDS as readonly string[]).includes(kind)) {
      throw new Error(
        `--allow takes ${ACTION_KINDS.join(", ")} (a comma list); '${kind}' is none of them`,
      );
    }
    kinds.add(kind as ActionKind);
  }
  return [...kinds];
}

/** Options for {@linkcode ActionScope}. */
export interface ActionScopeOptions {
  /** Every write refused (`--read-only`). */
  readOnly: boolean;
  /** The kinds allowed (`--allow`). */
  allow: readonly ActionKind[];
  /** Why everything is refused, in the operator's words ("started with --read-only"). */
  readOnlyWhy?: string;
}

/**
 * The broker-side actions one monitor allows.
 *
 * @example
 * ```ts
 * const scope = new ActionScope({ readOnly: false, allow: ["topology"] });
 * scope.refusal("topology"); // undefined: allowed
 * scope.refusal("connections"); // "closing connections is off: start the monitor with --allow connections"
 * ```
 */
export class ActionScope {
  readonly readOnly: boolean;
  readonly #allowed: ReadonlySet<ActionKind>;
  readonly #readOnlyWhy: string;

  constructor(options: ActionScopeOptions) {
    this.readOnly = options.readOnly;
    this.#allowed = new Set(options.allow);
    this.#readOnlyWhy = options.readOnlyWhy ?? "started with --read-only";
  }

  /** The kinds allowed (none on a read-only monitor). */
  get allowed(): ActionKind[] {
    return this.readOnly ? [] : [...this.#allowed];
  }

  /** Why actions of `kind` are refused, naming the flag that allows them; or undefined. */
  refusal(kind: ActionKind): string | undefined {
    if (this.readOnly) return `this monitor is read-only (${this.#readOnlyWhy})`;
    if (this.#allowed.has(kind)) return undefined;
    return `${ACTION_KIND_WORDS[kind]} is off: start the monitor with --allow ${kind}`;
  }
}
