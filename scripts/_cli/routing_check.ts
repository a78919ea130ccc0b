/**
 * Which other queues a publish reaches: the exchange's bindings (from the management API)
 * that match the run's routing key, leading to queues the run did not declare. Drills that share
 * an exchange and key fill each other's queues; produce says so before it publishes.
 */
import type { Topology } from "../../lib/amqp/mod.ts";
import type { BindingInfo } from "../../lib/shared/mod.ts";

/**
 * Whether a topic pattern (`logs.*`, `logs.#`) matches a routing key, as the broker matches.
 *
 * @example
 * ```ts
 * topicMatches("logs.#", "logs.eu.error"); // true
 * topicMatches("logs.*", "logs.eu.error"); // false
 * ```
 */
export function topicMatches(pattern: string, key: string): boolean {
  const match = (p: string[], k: string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    const [head, ...rest] = p;
    if (head === "#") return match(rest, k) || (k.length > 0 && match(p, k.slice(1)));
    if (k.length === 0) return false;
    return (head === "*" || head === k[0]) && match(rest, k.slice(1));
  };
  return match(pattern.split("."), key.split("."));
}

/**
 * The queues other than the run's own that a message with the run's routing key reaches
 * through `topology.exchange`, by the exchange's bindings. A headers exchange matches by
 * headers the bindings do not show plainly: none are reported for it.
 *
 * @example
 * ```ts
 * otherQueuesRouted(topology, [{ source: "x", destination: "other", destination_type: "queue", routing_key: "work" }]);
 * // ["other"] when topology.exchange is "x" and its routing key "work"
 * ```
 */
export function otherQueuesRouted(topology: Topology, bindings: BindingInfo[]): string[] {
  if (topology.exchange === "" || topology.exchangeType === "headers") return [];
  const own = new Set([topology.queue, topology.auditQueue]);
  const routes = (b: BindingInfo) => {
    if (topology.exchangeType === "fanout") return true;
    if (topology.exchangeType === "topic") return topicMatches(b.routing_key, topology.routingKey);
    return b.routing_key === topology.routingKey;
  };
  const others = bindings.filter((b) =>
    b.source === topology.exchange && b.destination_type === "queue" && !own.has(b.destination) &&
    routes(b)
  ).map((b) => b.destination);
  return [...new Set(others)].sort();
}
