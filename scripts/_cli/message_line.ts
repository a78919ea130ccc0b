/**
 * A message's properties on one terminal line, for `consume --show`: each one that is set as
 * `name=value`, named as the specification and pika name them, in the order AMQP encodes them.
 */
import { jsonValueOf } from "../../lib/feed/mod.ts";
import { PROPERTY_WIRE_NAMES } from "../../lib/amqp/mod.ts";
import type { DeliveredProperties } from "../../lib/messaging/mod.ts";
import { terminalSafe } from "../../lib/shared/mod.ts";

/** A value that reads unambiguously without quotes: no spaces, quotes, `=` or backslashes. */
const BARE = /^[^\s"'=\\]+$/;

/**
 * `content_type=text/plain delivery_mode=2 cluster_id=cl …` for the properties that are set
 * (headers as compact JSON); empty when none is. Values someone else chose are made safe for a
 * terminal and cut when long.
 *
 * @example
 * ```ts
 * propertiesLine({ contentType: "text/plain", clusterId: "cl" });
 * // "content_type=text/plain cluster_id=cl"
 * propertiesLine({ type: "order created" }); // 'type="order created"'
 * ```
 */
export function propertiesLine(properties: DeliveredProperties): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    const name = PROPERTY_WIRE_NAMES[key as keyof typeof PROPERTY_WIRE_NAMES] ?? key;
    parts.push(`${terminalSafe(name)}=${terminalSafe(textOf(value))}`);
  }
  return parts.join(" ");
}

/** A property's value as text: strings bare where that is unambiguous, anything else as JSON. */
function textOf(value: unknown): string {
  const json = jsonValueOf(value);
  if (typeof json === "string") return BARE.test(json) ? json : JSON.stringify(json);
  return JSON.stringify(json);
}
