/**
 * A queue's identity at a glance, as the management UI's Features column shows it: short
 * badges (D, TTL, DLX, Lim, …) with the values behind them, from the arguments the queue was
 * declared with and the policy that applies to it. Browser-safe.
 */

/** One badge: what it says, and the setting behind it (its tooltip). */
export interface QueueFeature {
  label: string;
  title: string;
}

/** The badge of each argument (and of the policy key that sets the same thing). */
const BADGES: [argument: string, policyKey: string | undefined, label: string][] = [
  ["x-message-ttl", "message-ttl", "TTL"],
  ["x-expires", "expires", "Exp"],
  ["x-max-length", "max-length", "Lim"],
  ["x-max-length-bytes", "max-length-bytes", "Lim B"],
  ["x-overflow", "overflow", "Ovfl"],
  ["x-dead-letter-exchange", "dead-letter-exchange", "DLX"],
  ["x-dead-letter-routing-key", "dead-letter-routing-key", "DLK"],
  ["x-max-priority", undefined, "Pri"],
  ["x-queue-mode", "queue-mode", "Lazy"],
  ["x-queue-version", "queue-version", "Ver"],
  ["x-delivery-limit", "delivery-limit", "DLim"],
  ["x-single-active-consumer", undefined, "SAC"],
  ["x-max-age", "max-age", "Age"],
];

/** What the features are read from: the management API's queue fields. */
export interface QueueIdentity {
  durable?: boolean;
  auto_delete?: boolean;
  exclusive?: boolean;
  arguments?: Record<string, unknown>;
  /** The policy that applies, by name. */
  policy?: string | null;
  /** What the policies that apply set. */
  effective_policy_definition?: Record<string, unknown>;
}

/**
 * The badges of a queue, in the management UI's order: durability first, then each argument
 * or policy setting, then the policy's name; an argument with no badge of its own shows as
 * "Args".
 *
 * @example
 * ```ts
 * queueFeatures({ durable: true, arguments: { "x-message-ttl": 2000 } });
 * // [{ label: "D", title: "durable" }, { label: "TTL", title: "x-message-ttl: 2000" }]
 * ```
 */
export function queueFeatures(q: QueueIdentity): QueueFeature[] {
  const features: QueueFeature[] = [];
  if (q.durable) features.push({ label: "D", title: "durable" });
  if (q.auto_delete) features.push({ label: "AD", title: "auto-delete" });
  if (q.exclusive) features.push({ label: "Excl", title: "exclusive" });
  const args = q.arguments ?? {};
  const policy = q.effective_policy_definition ?? {};
  const known = new Set(["x-queue-type"]);
  for (const [argument, policyKey, label] of BADGES) {
    known.add(argument);
    const settings = [
      Object.hasOwn(args, argument) ? `${argument}: ${String(args[argument])}` : "",
      policyKey && Object.hasOwn(policy, policyKey)
        ? `policy ${policyKey}: ${String(policy[policyKey])}`
        : "",
    ].filter(Boolean);
    if (settings.length) features.push({ label, title: settings.join("; ") });
  }
  const others = Object.keys(args).filter((name) => !known.has(name));
  if (others.length) {
    features.push({
      label: "Args",
      title: others.map((name) => `${name}: ${String(args[name])}`).join("; "),
    });
  }
  if (q.policy) features.push({ label: `Pol ${q.policy}`, title: `policy '${q.policy}'` });
  return features;
}
