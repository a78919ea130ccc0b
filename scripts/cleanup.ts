/**
 * `deno task cleanup`: deletes queues and unused exchanges through the management API and
 * says what it deleted.
 */
import { managementEndpoint, parseAmqpUrls } from "../lib/config.ts";
import { UserError } from "../lib/errors.ts";
import { ManagementClient, unusedExchanges } from "../lib/management.ts";
import { amqpUrlOption, command, managementUrlOption, parseFlags, runCli } from "./cli.ts";

/** Parsed flags of `cleanup`. */
export interface CleanupFlags {
  url: string;
  managementUrl: string;
  queue?: string[];
  exchanges: boolean;
  all: boolean;
}

/** Builds the `cleanup` command line. */
export function cleanupCommand() {
  return command("cleanup", "Delete queues and unused exchanges through the management API.")
    .addOption(
      amqpUrlOption(
        "AMQP URL (its user, password and vhost are used), or a comma-separated list (cluster nodes)",
      ),
    )
    .addOption(managementUrlOption())
    .option("--queue <names...>", "delete these queues")
    .option(
      "--exchanges",
      "delete exchanges that nothing is bound to (not the built-in ones)",
      false,
    )
    .option("--all", "delete every queue of the vhost, then every unused exchange", false);
}

/** Parses `cleanup` flags; at least one of --queue, --exchanges, --all is required. */
export function parseCleanupFlags(argv: string[]): CleanupFlags {
  const flags = parseFlags<CleanupFlags>(cleanupCommand(), argv);
  if (!flags.queue?.length && !flags.exchanges && !flags.all) {
    throw new UserError("nothing to delete: give --queue NAME..., --exchanges or --all", 2);
  }
  return flags;
}

/** Runs `cleanup` with these arguments; returns the exit code. */
export async function cleanup(argv: string[]): Promise<number> {
  const flags = parseCleanupFlags(argv);
  const [amqp] = parseAmqpUrls(flags.url);
  const api = new ManagementClient(managementEndpoint(amqp, flags.managementUrl));
  const queues = flags.all ? (await api.queues()).map((q) => q.name) : flags.queue ?? [];
  let deleted = 0;
  for (const name of queues) {
    if (await api.deleteQueue(name)) {
      console.log(`deleted queue '${name}'`);
      deleted++;
    } else {
      console.log(`queue '${name}' did not exist`);
    }
  }
  if (flags.exchanges || flags.all) {
    for (const exchange of unusedExchanges(await api.exchanges(), await api.bindings())) {
      if (await api.deleteExchange(exchange.name)) {
        console.log(`deleted exchange '${exchange.name}'`);
        deleted++;
      }
    }
  }
  console.log(`cleanup: deleted ${deleted} in vhost '${amqp.vhost}'`);
  return 0;
}

if (import.meta.main) runCli("cleanup", () => cleanup(Deno.args));
