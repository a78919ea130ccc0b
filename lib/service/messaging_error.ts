/**
 * The one error a service built on the library face catches: what went wrong is a field
 * (`kind`), so a caller branches on it instead of matching text, and the message says it in
 * words for the log.
 */
import { UserError } from "../errors.ts";

/** What went wrong, for a caller to act on. */
export type MessagingErrorKind =
  /** The broker refused the message (basic.nack): it was not queued. */
  | "nacked"
  /** Published as mandatory and no queue took it (basic.return). */
  | "returned"
  /** No confirm came in time; the message may or may not have been queued. */
  | "timeout"
  /** The broker connection was closed by the program, or could not be opened again. */
  | "closed"
  /** The broker refused the operation (a missing exchange, a declare that does not match). */
  | "refused"
  /** The body could not be encoded or decoded (not JSON, say). */
  | "invalid";

/**
 * A failed send, declare or delivery, with its {@linkcode MessagingErrorKind}.
 *
 * @example
 * ```ts
 * const error = new MessagingError("nacked", "the broker refused message 'order-7'");
 * error.kind; // "nacked"
 * error instanceof UserError; // true: scripts print it as it is
 * ```
 */
export class MessagingError extends UserError {
  /** What went wrong. */
  readonly kind: MessagingErrorKind;

  /** An error of `kind`; `message` says it in words, `cause` keeps the error behind it. */
  constructor(kind: MessagingErrorKind, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "MessagingError";
    this.kind = kind;
  }
}
