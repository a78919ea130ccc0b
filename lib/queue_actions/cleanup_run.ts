/**
 * A cleanup against the broker: read the vhost into a {@linkcode CleanupListing} (each queue's
 * depth and consumers counted exactly over AMQP where a connection is at hand, since the
 * management API's figures lag by seconds), then carry out a {@linkcode CleanupPlan} through the
 * management API item by item, a refusal of one not stopping the rest.
 */
import type { AMQPClient } from "@cloudamqp/amqp-client";
import { inspectQueue } from "../amqp/mod.ts";
import { type ManagementClient, ManagementRefusal } from "../management/mod.ts";
import { messageOf } from "../_util/mod.ts";
import type { QueueInfo } from "../shared/mod.ts";
import type { CleanupListing, CleanupPlan, CleanupRequest, QueueState } from "./cleanup_plan.ts";

/** The queue fields a cleanup reads from the listing. */
const QUEUE_COLUMNS = [
  "name",
  "type",
  "exclusive",
  "messages",
  "messages_ready",
  "messages_unacknowledged",
  "consumers",
] as const;

/** A queue's figures as the management API last sampled them (absent: it does not say). */
function listedState(queue: QueueInfo): QueueState {
  const { messages_ready: ready, messages_unacknowledged: unacked } = queue;
  const counted = ready !== undefined && unacked !== undefined ? ready + unacked : undefined;
  return {
    name: queue.name,
    type: queue.type,
    exclusive: queue.exclusive ?? false,
    messages: queue.messages ?? counted,
    consumers: queue.consumers,
  };
}

/**
 * The vhost as a cleanup sees it. The queues `request` touches get their ready messages and
 * consumers from a passive declare on `counter` (exact at that instant), plus the management
 * API's unacknowledged count; without `counter`, or where the declare fails, the management
 * API's figures stand (absent when it collects none). Exclusive queues are not declared: the
 * broker would refuse, and they belong to another connection anyway.
 */
export async function readCleanupListing(
  api: ManagementClient,
  request: CleanupRequest,
  counter?: AMQPClient,
): Promise<CleanupListing> {
  const listed = await api.queues(QUEUE_COLUMNS);
  const needsExchanges = request.unusedExchanges || request.exchanges.length > 0;
  const exchanges = needsExchanges ? await api.exchanges() : [];
  const bindings = request.unusedExchanges ? await api.bindings() : [];
  const touched = new Set(request.queues);
  const queues: QueueState[] = [];
  for (const info of listed) {
    const state = listedState(info);
    if (counter && !state.exclusive && (request.allQueues || touched.has(state.name))) {
      const exact = await inspectQueue(counter, state.name).catch(() => undefined);
      if (exact) {
        state.messages = exact.messageCount + (info.messages_unacknowledged ?? 0);
        state.consumers = exact.consumerCount;
      }
    }
    queues.push(state);
  }
  return { queues, exchanges, bindings };
}

/** What became of one queue or exchange of the plan. */
export interface CleanupOutcome {
  /** A queue or an exchange. */
  kind: "queue" | "exchange";
  /** Its name. */
  name: string;
  /** Deleted, emptied, not there, or refused by the broker. */
  result: "deleted" | "emptied" | "missing" | "refused";
  /** Why the broker refused, in one line of our words or the broker's reason. */
  reason?: string;
  /** A queue's messages, as counted for the plan (absent: not known). */
  messages?: number;
  /** A queue's consumers, as counted for the plan (absent: not known). */
  consumers?: number;
}

/**
 * Why the broker refused a delete or purge, in one line: the usual refusals in words, anything
 * else as the management API's reason (not its JSON).
 *
 * @example
 * ```ts
 * refusalReason("queue", new ManagementRefusal(400, "…", "queue 'q' in vhost '/' not empty"));
 * // "it holds messages now (it was empty when counted)"
 * ```
 */
export function refusalReason(kind: "queue" | "exchange", error: unknown): string {
  if (!(error instanceof ManagementRefusal)) return messageOf(error);
  const reason = error.reason;
  if (reason.startsWith("cannot obtain exclusive access")) {
    return "exclusive to another connection (only that connection can delete it)";
  }
  if (reason.endsWith(" not empty")) return "it holds messages now (it was empty when counted)";
  if (reason.endsWith(" in use")) {
    return kind === "queue"
      ? "it has consumers now (it had none when counted)"
      : "queues or exchanges are still bound to it";
  }
  if (error.status === 401 || error.status === 403) return `access refused: ${reason}`;
  return `the broker answered ${error.status}: ${reason}`;
}

/**
 * Carries out `plan` through the management API: the queues (a guarded one only if still
 * empty and unused), the named exchanges, then the unused ones (only if still unused). Each
 * outcome goes to `report` as it happens; a refusal is reported and the rest go on. Errors that
 * are not the broker's answer to one item (the API unreachable) end the run.
 */
export async function carryOutCleanup(
  api: ManagementClient,
  plan: CleanupPlan,
  report: (outcome: CleanupOutcome) => void,
): Promise<CleanupOutcome[]> {
  const outcomes: CleanupOutcome[] = [];
  const tell = (outcome: CleanupOutcome) => {
    outcomes.push(outcome);
    report(outcome);
  };
  for (const name of plan.missingQueues) tell({ kind: "queue", name, result: "missing" });
  const done = plan.action === "purge" ? "emptied" : "deleted";
  for (const queue of plan.queues) {
    const { name, messages, consumers } = queue;
    try {
      const found = plan.action === "purge"
        ? await api.purgeQueue(name)
        : await api.deleteQueue(name, queue.guarded ? { ifEmpty: true, ifUnused: true } : {});
      tell({ kind: "queue", name, result: found ? done : "missing", messages, consumers });
    } catch (error) {
      if (!(error instanceof ManagementRefusal)) throw error;
      tell({ kind: "queue", name, result: "refused", reason: refusalReason("queue", error) });
    }
  }
  for (const name of plan.missingExchanges) tell({ kind: "exchange", name, result: "missing" });
  for (const exchange of plan.exchanges) {
    const { name } = exchange;
    try {
      const found = await api.deleteExchange(name, { ifUnused: !exchange.named });
      tell({ kind: "exchange", name, result: found ? "deleted" : "missing" });
    } catch (error) {
      if (!(error instanceof ManagementRefusal)) throw error;
      tell({ kind: "exchange", name, result: "refused", reason: refusalReason("exchange", error) });
    }
  }
  return outcomes;
}
