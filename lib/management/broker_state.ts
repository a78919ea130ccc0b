/**
 * What the broker page shows beyond the nodes: feature flags, deprecated features in use (and
 * the queues that use them), vhost and user limits, users with their tags and permissions.
 * Read once per page load, never polled. Password hashes are dropped here, on the server: they
 * never reach a page.
 */
import { HttpError } from "../errors.ts";
import type { ManagementClient } from "./client.ts";

/** A part the broker answered, or the one line that says why it did not. */
export type Section<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A feature flag and its state (`enabled`, `disabled`, `state_changing`). */
export interface FeatureFlag {
  name: string;
  state: string;
  /** `stable`, `required`, `experimental`. */
  stability?: string;
  desc?: string;
}

/** A deprecated feature the broker sees in use, and what uses it where that can be told. */
export interface DeprecatedFeatureUse {
  name: string;
  /** `permitted_by_default`, `denied_by_default`, `disconnected`, `removed`. */
  phase: string;
  docUrl?: string;
  /** `transient_nonexcl_queues`: the transient, non-exclusive queues (vhost and name). */
  usedBy?: { vhost: string; name: string }[];
}

/** A user without its password hash: name, tags and limits. */
export interface UserSummary {
  name: string;
  tags: string[];
  limits: Record<string, number>;
}

/** One user's permissions in one vhost (regular expressions). */
export interface Permission {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}

/** A vhost's limits (`max-connections`, `max-queues`). */
export interface VhostLimits {
  vhost: string;
  value: Record<string, number>;
}

/** Everything the broker page shows beyond the nodes. */
export interface BrokerState {
  featureFlags: Section<FeatureFlag[]>;
  deprecatedUsed: Section<DeprecatedFeatureUse[]>;
  vhostLimits: Section<VhostLimits[]>;
  users: Section<UserSummary[]>;
  permissions: Section<Permission[]>;
}

/** A listing of transient queues is cut here: the page names the first ones. */
export const USED_BY_LIMIT = 50;

/**
 * Reads the broker state, each part on its own: one refused or missing part is said, the
 * others still shown.
 *
 * @example
 * ```ts
 * const state = await readBrokerState(management);
 * if (!state.users.ok) console.log(state.users.reason);
 * ```
 */
export async function readBrokerState(management: ManagementClient): Promise<BrokerState> {
  const [featureFlags, deprecatedUsed, vhostLimits, users, permissions] = await Promise.all([
    section("feature flags", () => readFeatureFlags(management)),
    section("deprecated features", () => readDeprecatedUsed(management)),
    section("vhost limits", () => management.request<VhostLimits[]>("GET", "vhost-limits")),
    section("users", () => readUsers(management)),
    section("permissions", () => management.request<Permission[]>("GET", "permissions")),
  ]);
  return { featureFlags, deprecatedUsed, vhostLimits, users, permissions };
}

async function readFeatureFlags(management: ManagementClient): Promise<FeatureFlag[]> {
  const flags = await management.request<FeatureFlag[]>("GET", "feature-flags");
  return flags
    .map(({ name, state, stability, desc }) => ({ name, state, stability, desc }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

interface DeprecatedAnswer {
  name: string;
  deprecation_phase: string;
  doc_url?: string;
}

async function readDeprecatedUsed(management: ManagementClient): Promise<DeprecatedFeatureUse[]> {
  const used = await management.request<DeprecatedAnswer[]>("GET", "deprecated-features/used");
  return await Promise.all(used.map(async (d) => ({
    name: d.name,
    phase: d.deprecation_phase,
    docUrl: d.doc_url || undefined,
    usedBy: d.name === "transient_nonexcl_queues" ? await transientQueues(management) : undefined,
  })));
}

/** The transient, non-exclusive queues of every vhost: what `transient_nonexcl_queues` counts. */
async function transientQueues(
  management: ManagementClient,
): Promise<{ vhost: string; name: string }[]> {
  const queues = await management.request<
    { name: string; vhost: string; durable: boolean; exclusive?: boolean }[]
  >("GET", "queues?columns=name,vhost,durable,exclusive");
  return queues
    .filter((q) => !q.durable && !q.exclusive)
    .map(({ vhost, name }) => ({ vhost, name }));
}

interface UserAnswer {
  name: string;
  tags: string[] | string;
  limits?: Record<string, number>;
}

async function readUsers(management: ManagementClient): Promise<UserSummary[]> {
  const users = await management.request<UserAnswer[]>("GET", "users");
  // Only these fields are kept: the answer also carries the password hash.
  return users.map((u) => ({
    name: u.name,
    // 3.x gives the tags as one comma-separated string.
    tags: Array.isArray(u.tags) ? u.tags : u.tags.split(",").filter(Boolean),
    limits: u.limits ?? {},
  }));
}

/** Runs `read`, turning a refusal or a missing endpoint into the one line the page shows. */
async function section<T>(what: string, read: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, reason: reasonOf(what, error) };
  }
}

function reasonOf(what: string, error: unknown): string {
  if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
    return `The management user may not read the ${what} (it needs the administrator tag).`;
  }
  if (error instanceof HttpError && error.status === 404) {
    return `This broker's management API has no ${what} endpoint (newer RabbitMQ versions have one).`;
  }
  return `The ${what} could not be read: ${error instanceof Error ? error.message : error}`;
}
