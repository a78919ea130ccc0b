/**
 * `deno task cleanup`: deletes queues and unused exchanges through the management API and
 * says what it deleted.
 */
import { UserError } from "../lib/errors.ts";
import { ManagementClient, unusedExchanges } from "../lib/management/mod.ts";
import { asFlagError, command, parseFlags, runCli } from "./_cli/flags.ts";
import {
  addConnectionFlags,
  type BrokerConnection,
  type ConnectionFlagValues,
  resolveConnection,
} from "./_cli/connection_flags.ts";
import { CLI_MANAGEMENT_HINTS } from "./_cli/hints.ts";
import { terminalSafe } from "../lib/shared/mod.ts";

/** Parsed flags of `cleanup`. */
export interface CleanupFlags extends ConnectionFlagValues {
  /** The broker `--url` and `--management-url` name. */
  broker: BrokerConnection;
  queue?: string[];
  exchange?: string[];
  exchanges: boolean;
  all: boolean;
  purge: boolean;
}

/** Builds the `cleanup` command line. */
export function cleanupCommand() {
  const program = command(
    "cleanup",
    "Delete (or empty) queues, and delete exchanges, through the management API (in the vhost of --url, as its user).",
  );
  return addConnectionFlags(program, {})
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
  const queues = flags.all ? (await api.queues(["name"])).map((q) => q.name) : flags.queue ?? [];
  let done = 0;
  for (const name of queues) {
    const found = flags.purge ? await api.purgeQueue(name) : await api.deleteQueue(name);
    // With --all the names are whatever other clients chose: never printed raw.
    console.log(
      found
        ? `${flags.purge ? "emptied" : "deleted"} queue '${terminalSafe(name)}'`
        : `queue '${terminalSafe(name)}' did not exist`,
    );
    if (found) done++;
  }
  for (const name of flags.exchange ?? []) {
    const found = await api.deleteExchange(name);
    console.log(
      found
        ? `deleted exchange '${terminalSafe(name)}'`
        : `exchange '${terminalSafe(name)}' did not exist`,
    );
    if (found) done++;
  }
  if (flags.exchanges || flags.all) {
    for (const exchange of unusedExchanges(await api.exchanges(), await api.bindings())) {
      if (await api.deleteExchange(exchange.name)) {
        console.log(`deleted exchange '${terminalSafe(exchange.name)}'`);
        done++;
      }
    }
  }
  console.log(
    `cleanup: ${
      flags.purge ? "emptied" : "deleted"
    } ${done} in vhost '${flags.broker.management.vhost}'`,
  );
  return 0;
}

if (import.meta.main) runCli("cleanup", () => cleanup(Deno.args));
