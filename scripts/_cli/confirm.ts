/**
 * Asking before something that cannot be undone: the `--yes` flag that answers in advance, and
 * the question put to a person at a terminal.
 */
import type { Command } from "commander";

/**
 * Adds `-y, --yes`: go ahead without asking. `description` says what it lets happen.
 *
 * @example
 * ```ts
 * addYesFlag(program, "delete queues that hold messages without asking");
 * ```
 */
export function addYesFlag(program: Command, description: string): Command {
  return program.option("-y, --yes", description, false);
}

/** Whether a person can be asked: stdin is a terminal (not a pipe, a file or nothing). */
export function canAsk(): boolean {
  return Deno.stdin.isTerminal();
}

/**
 * Writes `question` (to stderr, so stdout keeps only the report) and reads one line from stdin:
 * true for `y` or `yes` (any case), false for anything else or the end of input.
 */
export async function askYesNo(question: string): Promise<boolean> {
  await Deno.stderr.write(new TextEncoder().encode(`${question} `));
  const answer = await readLine(Deno.stdin);
  return /^\s*y(es)?\s*$/i.test(answer ?? "");
}

/** One line from `input`, without its end; undefined at the end of input before any text. */
async function readLine(
  input: { read(buffer: Uint8Array): Promise<number | null> },
): Promise<string | undefined> {
  const bytes: number[] = [];
  const buffer = new Uint8Array(1);
  // A byte at a time: nothing past the line is taken from the input.
  while (true) {
    const n = await input.read(buffer);
    if (n === null) {
      return bytes.length ? new TextDecoder().decode(new Uint8Array(bytes)) : undefined;
    }
    if (buffer[0] === 0x0a) return new TextDecoder().decode(new Uint8Array(bytes));
    bytes.push(buffer[0]);
  }
}
