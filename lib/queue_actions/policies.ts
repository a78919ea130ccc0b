/**
 * Policies through the management API: every policy and operator policy of the vhost with the
 * queues it applies to now (the broker's own `policy` and `operator_policy` of each queue),
 * create or change one, delete one, and a preview of the queues a pattern would match before it
 * is saved (matched here with RE2, in time linear in the names whatever the pattern).
 */
import { RE2JS } from "re2js";
import { HttpError } from "../errors.ts";
import type { ManagementClient } from "../management/mod.ts";

/** One policy as the management API gives it. */
export interface PolicyInfo {
  name: string;
  pattern: string;
  "apply-to": string;
  priority: number;
  definition: Record<string, unknown>;
}

/** A policy with the queues it applies to now. */
export interface PolicyRow extends PolicyInfo {
  /** "policy" or "operator policy" (operator policies are read only here). */
  kind: "policy" | "operator policy";
  /** Queues the broker applies it to now. */
  queues: string[];
}

/** A queue's name, type and the policies in force on it. */
interface QueuePolicies {
  name: string;
  type?: string;
  policy?: string | null;
  operator_policy?: string | null;
}

/** What a policy may apply to (3.12 and later also take the queue types one by one). */
export const APPLY_TO = [
  "queues",
  "exchanges",
  "all",
  "classic_queues",
  "quorum_queues",
  "streams",
] as const;

/**
 * Every policy and operator policy of the vhost, each with the queues it applies to now.
 *
 * @example
 * ```ts
 * const rows = await policyRows(management);
 * rows.find((p) => p.name === "max-length")?.queues; // ["orders", …]
 * ```
 */
export async function policyRows(management: ManagementClient): Promise<PolicyRow[]> {
  const vhost = encodeURIComponent(management.vhost);
  const [policies, operator, queues] = await Promise.all([
    management.request<PolicyInfo[]>("GET", `policies/${vhost}`),
    management.request<PolicyInfo[]>("GET", `operator-policies/${vhost}`).catch(() => []),
    queuePolicies(management),
  ]);
  const applied = (kind: "policy" | "operator_policy", name: string) =>
    queues.filter((q) => q[kind] === name).map((q) => q.name);
  return [
    ...policies.map((p) => ({ ...p, kind: "policy" as const, queues: applied("policy", p.name) })),
    ...operator.map((p) => ({
      ...p,
      kind: "operator policy" as const,
      queues: applied("operator_policy", p.name),
    })),
  ].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
}

/**
 * The queues of the vhost a policy with this pattern and `apply-to` would match (before the
 * priorities of other policies decide which one applies); a pattern RE2 refuses is a 400.
 *
 * @example
 * ```ts
 * await previewPolicy(management, { pattern: "^orders\\.", applyTo: "queues" });
 * ```
 */
export async function previewPolicy(
  management: ManagementClient,
  options: { pattern: string; applyTo: string },
): Promise<string[]> {
  const matches = patternMatcher(options.pattern);
  if (options.applyTo === "exchanges") return [];
  const wanted: Record<string, string | undefined> = {
    classic_queues: "classic",
    quorum_queues: "quorum",
    streams: "stream",
  };
  const type = wanted[options.applyTo];
  return (await queuePolicies(management))
    .filter((q) => (type === undefined || q.type === type) && matches(q.name))
    .map((q) => q.name);
}

/**
 * Creates or changes a policy.
 *
 * @example
 * ```ts
 * await putPolicy(management, {
 *   name: "max-length", pattern: "^orders", "apply-to": "queues", priority: 0,
 *   definition: { "max-length": 1000 },
 * });
 * ```
 */
export async function putPolicy(management: ManagementClient, policy: PolicyInfo): Promise<void> {
  const e = encodeURIComponent;
  await management.request("PUT", `policies/${e(management.vhost)}/${e(policy.name)}`, {
    pattern: policy.pattern,
    "apply-to": policy["apply-to"],
    priority: policy.priority,
    definition: policy.definition,
  });
}

/**
 * Deletes a policy; a missing one is a 404.
 *
 * @example
 * ```ts
 * await deletePolicy(management, "max-length");
 * ```
 */
export async function deletePolicy(management: ManagementClient, name: string): Promise<void> {
  const e = encodeURIComponent;
  try {
    await management.request("DELETE", `policies/${e(management.vhost)}/${e(name)}`);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      throw new HttpError(404, `no policy named '${name}' in vhost '${management.vhost}'`);
    }
    throw error;
  }
}

/**
 * A matcher for a policy's pattern (case-sensitive, as the broker matches), or a 400 naming
 * the pattern field.
 *
 * @example
 * ```ts
 * patternMatcher("^orders\\.")("orders.eu"); // true
 * ```
 */
export function patternMatcher(pattern: string): (name: string) => boolean {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    throw new HttpError(
      400,
      `'pattern' is not a regular expression RE2 accepts (no backreferences or lookaround): ${
        (error as Error).message
      }`,
    );
  }
  return (name) => compiled.test(name);
}

/** Every queue's name, type and policies (those columns only). */
function queuePolicies(management: ManagementClient): Promise<QueuePolicies[]> {
  return management.request(
    "GET",
    `queues/${
      encodeURIComponent(management.vhost)
    }?columns=name,type,policy,operator_policy&disable_stats=true`,
  );
}
