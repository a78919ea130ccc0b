/**
 * Where a stream consumer starts reading: RabbitMQ's `x-stream-offset` consumer argument.
 */
import { UserError } from "../errors.ts";

/** The first message kept, the last chunk, only new messages, an offset, or a point in time. */
export type StreamOffset = "first" | "last" | "next" | number | Date;

/**
 * Parses `--offset`: `first`, `last`, `next`, a whole number (an offset in the stream), or a
 * timestamp (ISO 8601, such as `2026-11-23T10:00:00Z`; messages from that second on).
 *
 * @example
 * ```ts
 * parseStreamOffset("first"); // "first"
 * parseStreamOffset("1200"); // 1200
 * parseStreamOffset("2026-11-23T10:00:00Z"); // Date
 * ```
 */
export function parseStreamOffset(value: string, flag = "the stream offset"): StreamOffset {
  const text = value.trim();
  if (text === "first" || text === "last" || text === "next") return text;
  if (/^\d+$/.test(text)) {
    const offset = Number(text);
    if (Number.isSafeInteger(offset)) return offset;
  }
  // A timestamp needs a date; bare words and numbers Date.parse would guess at are refused.
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const at = new Date(text);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new UserError(
    `${flag} must be first, last, next, a whole-number offset or an ISO timestamp like 2026-11-23T10:00:00Z (got '${value}')`,
  );
}

/** An offset as a user would write it again (for messages). */
export function describeStreamOffset(offset: StreamOffset): string {
  return offset instanceof Date ? offset.toISOString() : String(offset);
}
