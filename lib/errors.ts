/**
 * Errors meant for the person at the terminal: the message is one line, complete and actionable,
 * so scripts print it as it is, without a stack trace.
 *
 * @example
 * ```ts
 * throw new UserError("--count must be a whole number of 1 or more (got '-5')");
 * ```
 */
export class UserError extends Error {
  /** Process exit code to use when this error ends a script. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "UserError";
    this.exitCode = exitCode;
  }
}
