/**
 * Errors that carry what their handler needs: a one-line message for the person at the
 * terminal with the exit code to end on, and the HTTP status of a failed management request.
 */

/** Options of {@linkcode UserError}. */
export interface UserErrorOptions {
  /** Process exit code to use when this error ends a script (default 1). */
  exitCode?: number;
  /** The error this one explains, kept for whoever debugs it. */
  cause?: unknown;
}

/**
 * An error meant for the person at the terminal: the message is one line, complete and
 * actionable, so scripts print it as it is, without a stack trace.
 *
 * @example
 * ```ts
 * throw new UserError("--count must be a whole number of 1 or more (got '-5')", { exitCode: 2 });
 * ```
 */
export class UserError extends Error {
  /** Process exit code to use when this error ends a script. */
  readonly exitCode: number;

  /** An error with this one-line `message`. */
  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "UserError";
    this.exitCode = options.exitCode ?? 1;
  }
}

/**
 * A request the server answered with an error status: the status is data, so a caller asks
 * `error.status === 404` instead of matching text.
 *
 * @example
 * ```ts
 * try {
 *   await api.request("GET", "queues/%2F/missing");
 * } catch (error) {
 *   if (error instanceof HttpError && error.status === 404) console.log("no such queue");
 * }
 * ```
 */
export class HttpError extends UserError {
  /** The HTTP status the server answered with. */
  readonly status: number;

  /** The server answered `status`; `message` says it in words. */
  constructor(status: number, message: string, options: UserErrorOptions = {}) {
    super(message, options);
    this.name = "HttpError";
    this.status = status;
  }
}
