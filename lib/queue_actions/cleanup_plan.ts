/**
 * What a cleanup would delete (or empty), worked out from the broker's listing before anything
 * is touched, and whether someone has to agree to it first.
 *
 * The rule: a cleanup goes ahead on its own only when it loses nothing and touches nothing of
 * anyone else's. It needs agreement when a queue it would delete or empty holds messages (or
 * its depth is unknown), a queue it would delete has consumers (or their number is unknown) or
 * is exclusive to another connection, or when a queue or exchange it sweeps up (every queue of
 * the vhost, unused exchanges) does not carry a name this toolkit gives itself
 * ({@linkcode isToolkitQueueName}, {@linkcode isToolkitExchangeName}). Names typed one by one
 * are the user's choice: they need agreement only for messages and consumers.
 */
import { DEMO_TOPOLOGY, TOPOLOGY_DEFAULTS } from "../config.ts";
import type { BindingInfo, ExchangeInfo } from "../shared/mod.ts";

/** What was asked for, in the toolkit's terms (no flag names). */
export interface CleanupRequest {
  /** Queues named one by one: deleted, or emptied with `purge`. */
  queues: string[];
  /** Exchanges named one by one: deleted even when queues are bound to them. */
  exchanges: string[];
  /** Every queue of the vhost (and then every exchange left unused). */
  allQueues: boolean;
  /** Exchanges nothing is bound to once the queues are gone, the built-in ones aside. */
  unusedExchanges: boolean;
  /** Empty the named queues and keep them, instead of deleting them. */
  purge: boolean;
}

/** A queue as the plan reads it: the listing's fields, with the most exact figures at hand. */
export interface QueueState {
  /** The queue's name. */
  name: string;
  /** "classic", "quorum" or "stream" (absent: classic). */
  type?: string;
  /** Used by one connection only, which no cleanup can delete. */
  exclusive?: boolean;
  /** Ready plus unacknowledged messages; absent when nothing could say. */
  messages?: number;
  /** Consumers subscribed; absent when nothing could say. */
  consumers?: number;
}

/** What the plan is made from: the vhost's queues, exchanges and bindings as listed. */
export interface CleanupListing {
  /** Every queue of the vhost. */
  queues: QueueState[];
  /** Every exchange of the vhost, the built-in ones included. */
  exchanges: Pick<ExchangeInfo, "name">[];
  /** Every binding of the vhost. */
  bindings: Pick<BindingInfo, "source" | "destination" | "destination_type">[];
}

/** A queue the plan deletes or empties. */
export interface PlannedQueue extends QueueState {
  /** Named by the user (rather than swept up by "every queue"). */
  named: boolean;
  /** Why someone has to agree first; empty: it may go without asking. */
  reasons: string[];
  /**
   * Delete it only if it is still empty and unused when the broker gets the request: it was
   * counted empty with no consumers, and it is a classic queue (the type the broker checks
   * that for; quorum queues refuse the check).
   */
  guarded: boolean;
}

/** An exchange the plan deletes. */
export interface PlannedExchange {
  /** The exchange's name. */
  name: string;
  /** Named by the user: deleted even when queues are bound to it. */
  named: boolean;
  /** Why someone has to agree first; empty: it may go without asking. */
  reasons: string[];
}

/** What a cleanup would do, and what someone has to agree to. */
export interface CleanupPlan {
  /** Delete the queues, or empty them and keep them. */
  action: "delete" | "purge";
  /** Queues to delete or empty, in the order given (named ones first, then the rest by name). */
  queues: PlannedQueue[];
  /** Named queues the vhost does not have. */
  missingQueues: string[];
  /** Exchanges to delete: the named ones, then those left unused (each before its source). */
  exchanges: PlannedExchange[];
  /** Named exchanges the vhost does not have. */
  missingExchanges: string[];
  /** Whether anything in the plan needs someone's agreement. */
  needsConfirmation: boolean;
  /** What the plan would drop. */
  totals: CleanupTotals;
}

/** The sums of a plan. */
export interface CleanupTotals {
  /** Queues deleted or emptied. */
  queues: number;
  /** Messages they hold, counted where known. */
  messages: number;
  /** Consumers they have, counted where known. */
  consumers: number;
  /** Queues whose depth or consumers nothing could say. */
  uncounted: number;
  /** Exchanges deleted. */
  exchanges: number;
}

/** The queue names the toolkit picks itself: its defaults and the demo's. */
const TOOLKIT_QUEUES: readonly string[] = [
  TOPOLOGY_DEFAULTS.queue,
  TOPOLOGY_DEFAULTS.auditQueue,
  DEMO_TOPOLOGY.queue,
  DEMO_TOPOLOGY.auditQueue,
];
const TOOLKIT_EXCHANGES: readonly string[] = [TOPOLOGY_DEFAULTS.exchange, DEMO_TOPOLOGY.exchange];
/** What the toolkit adds to a queue's name: dead letters, a retry delay, a spread queue. */
const DERIVED_QUEUE = /^\.(dlq|retry\.\d+|\d+)$/;

/**
 * Whether a queue carries a name the toolkit gives itself: `work.queue`, `audit.queue`,
 * `demo.queue`, `demo.audit`, or one of those with `.dlq`, `.retry.<ms>` or `.<n>` added. Queues
 * the toolkit declares carry no other mark, so a name chosen with a flag is not recognised.
 *
 * @example
 * ```ts
 * isToolkitQueueName("work.queue.retry.500"); // true
 * isToolkitQueueName("orders"); // false
 * ```
 */
export function isToolkitQueueName(name: string): boolean {
  return TOOLKIT_QUEUES.some((base) =>
    name === base || (name.startsWith(base) && DERIVED_QUEUE.test(name.slice(base.length)))
  );
}

/**
 * Whether an exchange carries a name the toolkit gives itself: `direct.exchange`,
 * `demo.exchange`, or the dead-letter exchange (`.dlx`) of one of its own queue names.
 *
 * @example
 * ```ts
 * isToolkitExchangeName("work.queue.dlx"); // true
 * isToolkitExchangeName("logs"); // false
 * ```
 */
export function isToolkitExchangeName(name: string): boolean {
  return TOOLKIT_EXCHANGES.includes(name) || TOOLKIT_QUEUES.some((base) => name === `${base}.dlx`);
}

/** The default exchange and `amq.*`: the broker's own, never deleted. */
function builtIn(name: string): boolean {
  return name === "" || name.startsWith("amq.");
}

/** "1 message", "10 messages". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Why a queue may not go without someone's agreement (empty: it may). */
function queueReasons(queue: QueueState, named: boolean, purge: boolean): string[] {
  const reasons: string[] = [];
  if (queue.messages === undefined) reasons.push("its depth is unknown");
  else if (queue.messages > 0) reasons.push(`holds ${countOf(queue.messages, "message")}`);
  if (purge) return reasons;
  if (queue.exclusive) reasons.push("exclusive to another connection");
  if (queue.consumers === undefined) reasons.push("its consumers are unknown");
  else if (queue.consumers > 0) reasons.push(`has ${countOf(queue.consumers, "consumer")}`);
  if (!named && !isToolkitQueueName(queue.name)) reasons.push("not a name this toolkit gives");
  return reasons;
}

/**
 * The exchanges nothing would route through once `goneQueues` and `goneExchanges` are deleted:
 * not built in, and the source of no binding left (deleting one can leave another unused). In
 * an order they can be deleted in while the broker checks each is unused: an exchange bound to
 * another comes after it.
 */
function exchangesLeftUnused(
  listing: CleanupListing,
  goneQueues: Set<string>,
  goneExchanges: Set<string>,
): string[] {
  const gone = new Set(goneExchanges);
  const unused: string[] = [];
  while (true) {
    const sources = new Set(
      listing.bindings.filter((b) =>
        !gone.has(b.source) &&
        !(b.destination_type === "queue" ? goneQueues : gone).has(b.destination)
      ).map((b) => b.source),
    );
    const round = listing.exchanges.map((e) => e.name)
      .filter((name) => !builtIn(name) && !gone.has(name) && !sources.has(name)).sort();
    if (round.length === 0) return unused;
    for (const name of round) gone.add(name);
    unused.push(...round);
  }
}

/**
 * The plan of a cleanup: which queues go (or are emptied) with their messages and consumers,
 * which exchanges go, and whether someone has to agree first (see the module's rule).
 *
 * @example
 * ```ts
 * const plan = planCleanup(
 *   { queues: [], exchanges: [], allQueues: true, unusedExchanges: true, purge: false },
 *   { queues: [{ name: "orders", messages: 10, consumers: 1 }], exchanges: [], bindings: [] },
 * );
 * plan.needsConfirmation; // true
 * plan.queues[0].reasons; // ["holds 10 messages", "has 1 consumer", "not a name this toolkit gives"]
 * ```
 */
export function planCleanup(request: CleanupRequest, listing: CleanupListing): CleanupPlan {
  const byName = new Map(listing.queues.map((q) => [q.name, q]));
  const named = [...new Set(request.queues)];
  const swept = request.allQueues
    ? listing.queues.map((q) => q.name).filter((name) => !named.includes(name)).sort()
    : [];
  const queues: PlannedQueue[] = [...named, ...swept].flatMap((name) => {
    const queue = byName.get(name);
    if (!queue) return [];
    const isNamed = named.includes(name);
    const reasons = queueReasons(queue, isNamed, request.purge);
    const emptyAndUnused = queue.messages === 0 && queue.consumers === 0;
    return [{
      ...queue,
      named: isNamed,
      reasons,
      guarded: !request.purge && emptyAndUnused && (queue.type ?? "classic") === "classic",
    }];
  });
  const exchangeNames = new Set(listing.exchanges.map((e) => e.name));
  const namedExchanges = [...new Set(request.exchanges)];
  const exchanges: PlannedExchange[] = namedExchanges
    .filter((name) => exchangeNames.has(name))
    .map((name) => ({ name, named: true, reasons: [] }));
  if (request.unusedExchanges) {
    const goneQueues = new Set(request.purge ? [] : queues.map((q) => q.name));
    for (const name of exchangesLeftUnused(listing, goneQueues, new Set(namedExchanges))) {
      const reasons = isToolkitExchangeName(name) ? [] : ["not a name this toolkit gives"];
      exchanges.push({ name, named: false, reasons });
    }
  }
  return {
    action: request.purge ? "purge" : "delete",
    queues,
    missingQueues: named.filter((name) => !byName.has(name)),
    exchanges,
    missingExchanges: namedExchanges.filter((name) => !exchangeNames.has(name)),
    needsConfirmation: [...queues, ...exchanges].some((item) => item.reasons.length > 0),
    totals: {
      queues: queues.length,
      messages: queues.reduce((sum, q) => sum + (q.messages ?? 0), 0),
      consumers: request.purge ? 0 : queues.reduce((sum, q) => sum + (q.consumers ?? 0), 0),
      uncounted:
        queues.filter((q) =>
          q.messages === undefined || (!request.purge && q.consumers === undefined)
        ).length,
      exchanges: exchanges.length,
    },
  };
}
