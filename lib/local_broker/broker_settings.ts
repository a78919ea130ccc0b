/**
 * Which `rabbitmq.conf` settings an installed RabbitMQ knows, read from its configuration
 * schema: a node refuses to start on a key its version does not define, so a setting that
 * only some versions have is written only where it is known.
 */

/** Where RabbitMQ's packages put the core's configuration schema, below a root filesystem. */
const SERVER_LIB = "/usr/lib/rabbitmq/lib";

/**
 * How long, in milliseconds, the quorum queues of a private cluster hold the messages of a
 * consumer whose node was killed before they go back to the queue. RabbitMQ 4.x waits 60 s by
 * default (`consumer_disconnected_timeout`), in case the node is only cut off; the nodes of a
 * failover run are killed on purpose, so that wait only makes the run a minute longer.
 */
export const KILLED_NODE_HOLD_MS = 2_000;

/**
 * Whether the RabbitMQ installed under `root` (this machine's own without one) defines the
 * `rabbitmq.conf` key `key`; false where no schema can be read.
 *
 * @example
 * ```ts
 * await knowsSetting("consumer_disconnected_timeout"); // false on 3.10, true on 4.x
 * ```
 */
export async function knowsSetting(key: string, root = ""): Promise<boolean> {
  const mapping = `{mapping, "${key}",`;
  try {
    for await (const server of Deno.readDir(`${root}${SERVER_LIB}`)) {
      const plugins = `${root}${SERVER_LIB}/${server.name}/plugins`;
      for await (const plugin of Deno.readDir(plugins)) {
        if (!/^rabbit-\d/.test(plugin.name)) continue;
        const schema = await Deno.readTextFile(
          `${plugins}/${plugin.name}/priv/schema/rabbit.schema`,
        )
          .catch(() => "");
        if (schema.includes(mapping)) return true;
      }
    }
  } catch {
    // No RabbitMQ there: nothing is known.
  }
  return false;
}

/**
 * The `rabbitmq.conf` lines for a private cluster whose nodes are killed on purpose: a killed
 * node's consumers give their messages back after {@linkcode KILLED_NODE_HOLD_MS} where the
 * version has that setting (4.x); empty otherwise.
 *
 * @example
 * ```ts
 * const extraConfig = [base, await failoverClusterConfig(root)].join("\n");
 * ```
 */
export async function failoverClusterConfig(root?: string): Promise<string> {
  return await knowsSetting("consumer_disconnected_timeout", root)
    ? `consumer_disconnected_timeout = ${KILLED_NODE_HOLD_MS}`
    : "";
}
