/**
 * `deno task cleanup`: deletes queues and unused exchanges through the management API and
 * says what it deleted. What would lose messages, cut off consumers or is not the toolkit's is
 * listed first, and goes only with a yes (asked on a terminal, or --yes).
 */
import { connect } from "../lib/amqp/mod.ts";
import { UserError } from "../lib/errors.ts";
import { ManagementClient } from "../lib/management/mod.ts";
import {
  carryOutCleanup,
  type CleanupListing,
  type CleanupOutcome,
  type CleanupPlan,
  type CleanupRequest,
  countOf,
  planCleanup,
  type PlannedQueue,
  readCleanupListing,
} from "../lib/queue_actions/mod.ts";
import { terminalSafe } from "../lib/shared/mod.ts";
import { messageOf } from "../lib/_util/mod.ts";
import { asFlagError, command, parseFlags, runCli } from "./_cli/flags.ts";
import { addYesFlag, askYesNo, canAsk } from "./_cli/confirm.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { CLI_CONNECT_HINTS, CLI_MANAGEMENT_HINTS } from "./_cli/hints.ts";

/** Parsed flags of `cleanup`. */
export interface CleanupFlags extends ConnectionFlagValues {
  /** The broker `--url` and `--management-url` name. */
  broker: BrokerConnection;
  queue?: string[];
  exchange?: string[];
  exchanges: boolean;
  all: boolean;
  purge: boolean;
  yes: boolean;
}

/** Builds the `cleanup` command line. */
export function cleanupCommand() {
  const program = command(
    "cleanup",
    "Delete (or empty) queues, and delete exchanges, through the management API (in the vhost " +
      "of --url, as its user). It asks first, listing what it would drop, when a queue holds " +
      "messages (deleted or emptied), has consumers or is exclusive to another connection, or " +
      "when all or exchanges would sweep up a queue or exchange not named as this toolkit names " +
      "its own (work.queue, audit.queue, direct.exchange, demo.queue, demo.audit, " +
      "demo.exchange, and their .dlq, .dlx, .retry.N); queues named one by one need a yes " +
      "only for messages and consumers. On a terminal it asks; otherwise it deletes nothing " +
      "and exits 1 unless --yes.",
  );
  addConnectionFlags(program, {})
    .optionsGroup("Cleanup:")
    .argument(
      "[what...]",
      "as the cleanup scripts take them: all, exchanges, or queue names",
    )
    .option(
      "--queue <names...>",
      "delete these queues (with --purge: empty them); repeatable, or a comma-separated list (default: none)",
    )
    .option("--purge", "empty the named queues and keep them, instead of deleting them", false)
    .option(
      "--exchange <names...>",
      "delete these exchanges, even when queues are bound to them; repeatable, or a comma-separated list (default: none)",
    )
    .option(
      "--exchanges",
      "delete exchanges that nothing is bound to (not the built-in ones)",
      false,
    )
    .option("--all", "delete every queue of the vhost, then every unused exchange", false);
  return addYesFlag(program, "delete (or empty) what needs a yes without asking");
}

/**
 * Parses `cleanup` flags and words (`all`, `exchanges`, queue names); something to do is
 * required.
 *
 * @example
 * ```ts
 * parseCleanupFlags(["q1", "q2"]).queue; // ["q1", "q2"]
 * parseCleanupFlags(["--queue", "q1,q2"]).queue; // ["q1", "q2"], as the PowerShell cleanup takes them
 * parseCleanupFlags(["all"]).all; // true
 * ```
 */
export function parseCleanupFlags(argv: string[]): CleanupFlags {
  const program = cleanupCommand();
  const flags = parseFlags<CleanupFlags>(program, argv);
  for (const word of program.args) {
    if (word === "all") flags.all = true;
    else if (word === "exchanges") flags.exchanges = true;
    else flags.queue = [...flags.queue ?? [], word];
  }
  flags.broker = asFlagError(() => resolveConnection(flags));
  flags.queue = flags.queue && splitLists(flags.queue);
  flags.exchange = flags.exchange && splitLists(flags.exchange);
  if (!flags.queue?.length && !flags.exchange?.length && !flags.exchanges && !flags.all) {
    throw new UserError(
      "nothing to do: give queue names, all or exchanges (or --queue NAME..., --exchange NAME..., --exchanges, --all)",
      { exitCode: 2 },
    );
  }
  if (flags.purge && (!flags.queue?.length || flags.all)) {
    throw new UserError(
      "--purge empties the queues named with --queue (or as words), not --all",
      { exitCode: 2 },
    );
  }
  return flags;
}

/** Names given as comma-separated lists, one by one (empty pieces dropped). */
function splitLists(values: string[]): string[] {
  return values.flatMap((value) => value.split(",")).map((name) => name.trim()).filter(Boolean);
}

/** Runs `cleanup` with these arguments; returns the exit code. */
export async function cleanup(argv: string[]): Promise<number> {
  const flags = parseCleanupFlags(argv);
  const api = new ManagementClient(flags.broker.management, CLI_MANAGEMENT_HINTS);
  const request: CleanupRequest = {
    queues: flags.queue ?? [],
    exchanges: flags.exchange ?? [],
    allQueues: flags.all,
    unusedExchanges: flags.all || flags.exchanges,
    purge: flags.purge,
  };
  const plan = planCleanup(request, await readListing(flags, api, request));
  const vhost = `vhost '${terminalSafe(flags.broker.management.vhost)}'`;
  if (plan.needsConfirmation && !flags.yes) {
    console.log(
      `cleanup: in ${vhost}, this would ${plan.action === "purge" ? "empty" : "delete"}:`,
    );
    for (const line of planLines(plan)) console.log(`  ${line}`);
    if (!canAsk()) {
      const asking = [
        countOf(plan.queues.filter((q) => q.reasons.length).length, "queue"),
        countOf(plan.exchanges.filter((e) => e.reasons.length).length, "exchange"),
      ].filter((part) => !part.startsWith("0 "));
      throw new UserError(
        `nothing ${plan.action === "purge" ? "emptied" : "deleted"}: ${asking.join(" and ")} ` +
          "above cannot go without a yes (messages, consumers, or not named by this toolkit); run with " +
          "--yes (-y) to go ahead, or on a terminal to be asked",
      );
    }
    if (!(await askYesNo(question(plan)))) {
      throw new UserError(`nothing ${plan.action === "purge" ? "emptied" : "deleted"}`);
    }
  }
  const outcomes = await carryOutCleanup(api, plan, (outcome) => report(outcome, plan.action));
  const summary = summaryOf(plan, outcomes, vhost);
  console.log(`cleanup: ${summary.text}`);
  return summary.refused > 0 ? 1 : 0;
}

/**
 * The vhost's listing, with depths and consumers counted over AMQP when queues are touched
 * (the management API's figures lag); without an AMQP connection, its figures stand.
 */
async function readListing(
  flags: CleanupFlags,
  api: ManagementClient,
  request: CleanupRequest,
): Promise<CleanupListing> {
  if (!request.allQueues && request.queues.length === 0) {
    return await readCleanupListing(api, request);
  }
  let counter;
  try {
    counter = await connect({
      endpoints: flags.broker.amqp,
      name: "cleanup (counting messages)",
      connectTimeoutMs: 5_000,
      hints: CLI_CONNECT_HINTS,
    });
  } catch (error) {
    console.error(
      `cleanup: ${
        terminalSafe(messageOf(error))
      }; counting with the management API's figures instead (seconds old, or none)`,
    );
    return await readCleanupListing(api, request);
  }
  try {
    return await readCleanupListing(api, request, counter.client);
  } finally {
    await counter.client.close().catch(() => {});
  }
}

/** "10 messages, 1 consumer": a queue's figures, "?" where unknown. */
function figures(queue: Pick<PlannedQueue, "messages" | "consumers">, purge: boolean): string {
  const count = (n: number | undefined, noun: string) =>
    n === undefined ? `? ${noun}s` : countOf(n, noun);
  const messages = count(queue.messages, "message");
  return purge ? messages : `${messages}, ${count(queue.consumers, "consumer")}`;
}

/** One line for each queue and exchange of the plan, with what asks for a yes. */
function planLines(plan: CleanupPlan): string[] {
  const purge = plan.action === "purge";
  // The figures are on the line already; the other reasons follow it.
  const notes = (reasons: string[]) => {
    const others = reasons.filter((r) => !/^(holds|has) \d|unknown$/.test(r));
    return others.length ? ` (${others.join("; ")})` : "";
  };
  return [
    ...plan.queues.map((q) =>
      `queue '${terminalSafe(q.name)}': ${figures(q, purge)}${notes(q.reasons)}`
    ),
    ...plan.exchanges.map((e) => `exchange '${terminalSafe(e.name)}'${notes(e.reasons)}`),
  ];
}

/** "Delete 2 queues (20 messages, 1 consumer) and 2 exchanges? [y/N]" */
function question(plan: CleanupPlan): string {
  const { totals } = plan;
  const uncounted = totals.uncounted ? `, ${totals.uncounted} not counted` : "";
  if (plan.action === "purge") {
    return `Empty ${countOf(totals.queues, "queue")} (${
      countOf(totals.messages, "message")
    }${uncounted})? [y/N]`;
  }
  return `Delete ${countOf(totals.queues, "queue")} (${countOf(totals.messages, "message")}, ${
    countOf(totals.consumers, "consumer")
  }${uncounted}) and ${countOf(totals.exchanges, "exchange")}? [y/N]`;
}

/** Prints what became of one queue or exchange: done on stdout, a refusal on stderr. */
function report(outcome: CleanupOutcome, action: CleanupPlan["action"]): void {
  const what = `${outcome.kind} '${terminalSafe(outcome.name)}'`;
  switch (outcome.result) {
    case "missing":
      console.log(`${what} did not exist`);
      break;
    case "refused":
      console.error(
        `cleanup: ${what} not ${
          outcome.kind === "queue" && action === "purge" ? "emptied" : "deleted"
        }: ${terminalSafe(outcome.reason ?? "refused")}`,
      );
      break;
    default: {
      const purged = outcome.result === "emptied";
      const held = outcome.kind === "queue" ? ` (${figures(outcome, purged)})` : "";
      console.log(`${outcome.result} ${what}${held}`);
    }
  }
}

/**
 * The closing line: how many went (the old `deleted N in vhost '…'` first, so scripts that read
 * it still do), then queues with the messages dropped, exchanges, and what was refused.
 */
function summaryOf(
  plan: CleanupPlan,
  outcomes: CleanupOutcome[],
  vhost: string,
): { text: string; refused: number } {
  const done = outcomes.filter((o) => o.result === "deleted" || o.result === "emptied");
  const queues = done.filter((o) => o.kind === "queue");
  const exchanges = done.length - queues.length;
  const messages = queues.reduce((sum, q) => sum + (q.messages ?? 0), 0);
  const uncounted = queues.filter((q) => q.messages === undefined).length;
  const refused = outcomes.filter((o) => o.result === "refused").length;
  const verb = plan.action === "purge" ? "emptied" : "deleted";
  const dropped = `${countOf(messages, "message")}${
    uncounted ? ` and those of ${countOf(uncounted, "uncounted queue")}` : ""
  } dropped`;
  const parts = [`${countOf(queues.length, "queue")} (${dropped})`];
  if (plan.action === "delete") parts.push(countOf(exchanges, "exchange"));
  const refusals = refused ? `; ${refused} refused (said above)` : "";
  return {
    text: `${verb} ${done.length} in ${vhost}: ${parts.join(" and ")}${refusals}`,
    refused,
  };
}

if (import.meta.main) runCli("cleanup", () => cleanup(Deno.args));
