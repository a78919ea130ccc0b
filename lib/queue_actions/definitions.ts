/**
 * Definitions through the management API: export (one vhost's queues, exchanges, bindings and
 * policies, or the whole broker's), and import into one vhost with a dry run that lists what
 * would be created and what differs from what the broker has, before anything is applied.
 */
import { HttpError } from "../errors.ts";
import type { ManagementClient } from "../management/mod.ts";

/** The parts of a definitions file this import reads (each item of one vhost). */
export interface VhostDefinitions {
  queues: Item[];
  exchanges: Item[];
  bindings: Item[];
  policies: Item[];
}

type Item = Record<string, unknown>;

/** One difference a dry run found. */
export interface DefinitionChange {
  kind: "queue" | "exchange" | "binding" | "policy";
  name: string;
  /** "create": the broker has none; "change": it has one that differs in `fields`. */
  change: "create" | "change";
  fields?: string[];
}

/** What an import would do. */
export interface ImportPlan {
  changes: DefinitionChange[];
  /** Items the broker has already, the same. */
  unchanged: number;
  /** Items of other vhosts in the file, left out. */
  otherVhosts: number;
}

const KINDS = ["queues", "exchanges", "bindings", "policies"] as const;

/** The fields compared for each kind (the name aside). */
const FIELDS: Record<typeof KINDS[number], string[]> = {
  queues: ["durable", "auto_delete", "arguments"],
  exchanges: ["type", "durable", "auto_delete", "internal", "arguments"],
  bindings: [],
  policies: ["pattern", "apply-to", "priority", "definition"],
};

/**
 * The definitions of the client's vhost, or with `wholeBroker` of every vhost (users and their
 * password hashes included: the caller decides who may have them).
 *
 * @example
 * ```ts
 * const file = await exportDefinitions(management, { wholeBroker: false });
 * ```
 */
export async function exportDefinitions(
  management: ManagementClient,
  options: { wholeBroker: boolean },
): Promise<Record<string, unknown>> {
  return await management.request(
    "GET",
    options.wholeBroker ? "definitions" : `definitions/${encodeURIComponent(management.vhost)}`,
  );
}

/**
 * The items of `file` that belong to the client's vhost (those without a vhost, as a vhost's
 * export has them, and those naming it), or a 400 naming what is wrong.
 *
 * @example
 * ```ts
 * const { definitions } = vhostPart(management.vhost, JSON.parse(text));
 * ```
 */
export function vhostPart(
  vhost: string,
  file: unknown,
): { definitions: VhostDefinitions; otherVhosts: number } {
  if (typeof file !== "object" || file === null || Array.isArray(file)) {
    throw new HttpError(400, "send a definitions file: a JSON object as an export gives it");
  }
  let otherVhosts = 0;
  const definitions = {} as VhostDefinitions;
  for (const kind of KINDS) {
    const items = (file as Record<string, unknown>)[kind] ?? [];
    if (!Array.isArray(items) || items.some((i) => typeof i !== "object" || i === null)) {
      throw new HttpError(400, `'${kind}' takes a list of objects, as an export gives it`);
    }
    definitions[kind] = items.filter((item: Item) => {
      const mine = item.vhost === undefined || item.vhost === vhost;
      if (!mine) otherVhosts++;
      return mine;
    }).map(({ vhost: _, ...rest }: Item) => rest);
  }
  return { definitions, otherVhosts };
}

/**
 * What importing `definitions` into the client's vhost would create or change.
 *
 * @example
 * ```ts
 * const plan = await planImport(management, definitions);
 * plan.changes.length; // 0: the broker has all of it already
 * ```
 */
export async function planImport(
  management: ManagementClient,
  definitions: VhostDefinitions,
): Promise<Omit<ImportPlan, "otherVhosts">> {
  const current = vhostPart(
    management.vhost,
    await exportDefinitions(management, { wholeBroker: false }),
  ).definitions;
  const changes: DefinitionChange[] = [];
  let unchanged = 0;
  for (const kind of KINDS) {
    const have = new Map(current[kind].map((item) => [keyOf(kind, item), item]));
    for (const item of definitions[kind]) {
      const existing = have.get(keyOf(kind, item));
      const name = nameOf(kind, item);
      const singular = kind.slice(0, -1).replace(/ie$/, "y") as DefinitionChange["kind"];
      if (!existing) {
        changes.push({ kind: singular, name, change: "create" });
        continue;
      }
      const fields = FIELDS[kind].filter((f) => !same(item[f], existing[f]));
      if (fields.length) changes.push({ kind: singular, name, change: "change", fields });
      else unchanged++;
    }
  }
  return { changes, unchanged };
}

/**
 * Imports `definitions` into the client's vhost (the broker creates what is missing and
 * changes what it can).
 *
 * @example
 * ```ts
 * await applyImport(management, definitions);
 * ```
 */
export async function applyImport(
  management: ManagementClient,
  definitions: VhostDefinitions,
): Promise<void> {
  await management.request(
    "POST",
    `definitions/${encodeURIComponent(management.vhost)}`,
    definitions,
  );
}

/** What names an item of a kind (a binding: all of it). */
function keyOf(kind: typeof KINDS[number], item: Item): string {
  if (kind !== "bindings") return String(item.name);
  return JSON.stringify([
    item.source,
    item.destination,
    item.destination_type,
    item.routing_key,
    canonical(item.arguments ?? {}),
  ]);
}

/** How a change names an item: a binding as "a → queue b (key k)". */
function nameOf(kind: typeof KINDS[number], item: Item): string {
  if (kind !== "bindings") return String(item.name);
  return `${item.source} → ${item.destination_type} ${item.destination} (key '${item.routing_key}')`;
}

/** Equal as JSON, keys in any order. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value).sort().map((k) => [k, canonical((value as Item)[k])]),
  );
}
