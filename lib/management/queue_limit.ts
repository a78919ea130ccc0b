/**
 * Why a queue refuses publishes: a length limit with the overflow `reject-publish`, set by a
 * policy (named) or by the queue's own arguments. The broker only nacks; this names the cause.
 */
import type { QueueInfo } from "../shared/management_types.ts";
import { RE2JS } from "../deps.ts";
import type { ManagementClient } from "./client.ts";

/** A length limit that makes a queue refuse publishes once full. */
export interface RefusingLimit {
  queue: string;
  /** "policy 'NAME'", "operator policy 'NAME'" or "its x-max-length argument". */
  setBy: string;
  /** "max-length 500", "max-length-bytes 1048576", or both. */
  limit: string;
  overflow: string;
  /** Messages (ready and unacked) it held when asked. */
  holds?: number;
}

const LIMITS = [["max-length", "x-max-length"], ["max-length-bytes", "x-max-length-bytes"]];

/**
 * The limit that makes `q` refuse publishes, or `undefined` when it has none (no limit, or an
 * overflow that drops the oldest instead).
 *
 * @example
 * ```ts
 * refusingLimit({ name: "q", policy: "cap", effective_policy_definition: { "max-length": 500,
 *   overflow: "reject-publish" }, arguments: {} } as QueueInfo);
 * // { queue: "q", setBy: "policy 'cap'", limit: "max-length 500", overflow: "reject-publish" }
 * ```
 */
export function refusingLimit(
  q:
    & Pick<QueueInfo, "name" | "policy" | "effective_policy_definition" | "arguments" | "messages">
    & { operator_policy?: string | null },
): RefusingLimit | undefined {
  const policy = q.effective_policy_definition ?? {};
  const args = q.arguments ?? {};
  const overflow = String(args["x-overflow"] ?? policy["overflow"] ?? "drop-head");
  if (!overflow.startsWith("reject-publish")) return undefined;
  const parts: string[] = [];
  let byPolicy = false;
  for (const [key, argument] of LIMITS) {
    const fromPolicy = typeof policy[key] === "number" ? policy[key] as number : undefined;
    const fromArgument = typeof args[argument] === "number" ? args[argument] as number : undefined;
    // Both set: the lower one applies, as the broker does.
    const value = Math.min(fromPolicy ?? Infinity, fromArgument ?? Infinity);
    if (value === Infinity) continue;
    parts.push(`${key} ${value}`);
    if (value === fromPolicy) byPolicy = true;
  }
  if (parts.length === 0) return undefined;
  const setBy = byPolicy
    ? q.policy ? `policy '${q.policy}'` : `operator policy '${q.operator_policy ?? "?"}'`
    : "its x-max-length argument";
  return { queue: q.name, setBy, limit: parts.join(", "), overflow, holds: q.messages };
}

/**
 * The limit in one clause: "queue 'q' is full: policy 'cap' sets max-length 500 with overflow
 * reject-publish (it holds 500)".
 */
export function describeLimit(limit: RefusingLimit): string {
  const holds = limit.holds === undefined ? "" : ` (it holds ${limit.holds})`;
  return `queue '${limit.queue}' refuses what does not fit: ${limit.setBy} sets ${limit.limit} with overflow ${limit.overflow}${holds}`;
}

/** A policy as `GET /api/policies/VHOST` lists it. */
interface PolicyInfo {
  name: string;
  pattern: string;
  "apply-to": string;
  priority: number;
  definition: Record<string, unknown>;
}

/**
 * The limit that makes queue `name` refuse publishes, read from the management API. Its queue
 * record names the policy only once the broker's statistics reached it (a second or more after
 * a declare), so the policies are matched here when it names none yet, as the broker matches
 * them (the highest priority whose pattern matches, for queues).
 *
 * @example
 * ```ts
 * const limit = await queueLimit(api, "orders");
 * if (limit) console.error(describeLimit(limit));
 * ```
 */
export async function queueLimit(
  api: ManagementClient,
  name: string,
): Promise<RefusingLimit | undefined> {
  const info = await api.queue(name);
  if (!info) return undefined;
  if (info.policy || info.effective_policy_definition) return refusingLimit(info);
  const policies = await api.request<PolicyInfo[]>(
    "GET",
    `policies/${encodeURIComponent(api.vhost)}`,
  );
  const applies = policies
    .filter((p) => p["apply-to"] !== "exchanges" && patternMatches(p.pattern, name))
    .sort((a, b) => b.priority - a.priority)[0];
  return refusingLimit({
    ...info,
    policy: applies?.name,
    effective_policy_definition: applies?.definition,
  });
}

/** Whether a policy's pattern matches `name`; by RE2 (linear time: the pattern is another's). */
function patternMatches(pattern: string, name: string): boolean {
  try {
    return RE2JS.compile(pattern).matcher(name).find();
  } catch {
    return false;
  }
}
