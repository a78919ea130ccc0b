/**
 * The record of what was done through the monitor: every write (who, what, on which object,
 * the result) kept in memory, newest first, and written as one line to stderr as it happens.
 */
import { terminalSafe } from "../shared/mod.ts";

/** One action done (or refused) through the monitor. */
export interface ActionEntry {
  /** When it was answered (ISO 8601, UTC). */
  time: string;
  /** The client's address. */
  client: string;
  /** Whether the client signed in with the monitor's token (false: none is asked for). */
  signedIn: boolean;
  /** The virtual host it was done in. */
  vhost: string;
  /** What was asked: "add binding", "purge queue", "POST /api/queues/:name/purge"… */
  action: string;
  /** On which object: "exchange 'a' → queue 'b'". */
  object: string;
  /** "done", "refused" (4xx) or "failed" (5xx, or the broker refused). */
  result: "done" | "refused" | "failed";
  /** The HTTP status it was answered with. */
  status: number;
  /** The refusal or failure in words, or a short summary of what was done. */
  detail?: string;
}

/** Options for {@linkcode ActionRecord}. */
export interface ActionRecordOptions {
  /** How many entries to keep (the oldest go first); 500 by default. */
  limit?: number;
  /** Where each entry's line goes; stderr by default. */
  write?: (line: string) => void;
}

/**
 * The monitor's record of actions.
 *
 * @example
 * ```ts
 * const record = new ActionRecord({ limit: 300 });
 * record.add({
 *   time: new Date().toISOString(), client: "127.0.0.1", signedIn: false, vhost: "/",
 *   action: "add binding", object: "exchange 'a' → queue 'b'", result: "done", status: 201,
 * });
 * record.list()[0].action; // "add binding"
 * ```
 */
export class ActionRecord {
  readonly #limit: number;
  readonly #write: (line: string) => void;
  readonly #entries: ActionEntry[] = [];

  constructor(options: ActionRecordOptions = {}) {
    this.#limit = options.limit ?? 500;
    this.#write = options.write ?? ((line) => console.error(line));
  }

  /** Keeps `entry` and writes its line. */
  add(entry: ActionEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
    this.#write(actionLine(entry));
  }

  /** The entries kept, newest first. */
  list(): ActionEntry[] {
    return this.#entries.toReversed();
  }
}

/**
 * One entry as a terminal line; every part chosen by others (names, the broker's words) is
 * made safe for a terminal.
 *
 * @example
 * ```ts
 * actionLine(entry); // "action 2026-12-07T22:40:00.000Z 127.0.0.1 (no token) vhost '/' add binding exchange 'a' → queue 'b': done 201"
 * ```
 */
export function actionLine(entry: ActionEntry): string {
  const who = `${entry.client} (${entry.signedIn ? "signed in" : "no token"})`;
  const detail = entry.detail ? ` (${entry.detail})` : "";
  return terminalSafe(
    `action ${entry.time} ${who} vhost '${entry.vhost}' ${entry.action} ${entry.object}: ` +
      `${entry.result} ${entry.status}${detail}`,
    { maxLength: 1000 },
  );
}
