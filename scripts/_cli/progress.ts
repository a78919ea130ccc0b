/**
 * Progress on stderr: a bar redrawn in place on a terminal, plain lines every N messages
 * otherwise (logs, CI), so stdout stays free for the summary or the JSON object.
 */
import { rate } from "../../lib/messaging/mod.ts";
import { formatInteger } from "../../lib/shared/mod.ts";

/** Options for {@linkcode ProgressReporter}. */
export interface ProgressOptions {
  /** "published", "consumed", ... */
  label: string;
  /** Expected total, or 0 when unknown. */
  total: number;
  /** Plain-line interval (the --progress-every flag). */
  every: number;
  /** Draw a bar (stderr is a terminal). */
  tty: boolean;
  write?: (text: string) => void;
}

const BAR_WIDTH = 30;
const encoder = new TextEncoder();

/**
 * Reports counts as they grow.
 *
 * @example
 * ```ts
 * const p = new ProgressReporter({ label: "published", total: 100, every: 10, tty: false });
 * p.update(10, 0.5); // "published 10/100 (10%) 20 msg/s"
 * ```
 */
export class ProgressReporter {
  readonly #options: ProgressOptions;
  readonly #write: (text: string) => void;
  #lastDraw = -Infinity;
  /** When the last plain line was written (performance.now()). */
  #lastLine = performance.now();
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#options = options;
    this.#write = options.write ?? ((text) => Deno.stderr.writeSync(encoder.encode(text)));
  }

  /** How often (in messages) the caller should call {@linkcode update}. */
  get interval(): number {
    const { tty, total, every } = this.#options;
    // A bar wants frequent, cheap updates; it redraws at most ten times a second.
    return tty ? Math.max(1, Math.min(every, Math.floor(total / 500) || 100)) : every;
  }

  /** Reports `done` messages after `seconds`. */
  update(done: number, seconds: number): void {
    const { tty, label, total } = this.#options;
    const perSecond = Math.round(rate(done, seconds));
    const of = total > 0 ? `/${formatInteger(total)} (${Math.floor((done / total) * 100)}%)` : "";
    if (!tty) {
      this.#write(`${label} ${formatInteger(done)}${of} ${formatInteger(perSecond)} msg/s\n`);
      this.#lastLine = performance.now();
      return;
    }
    const now = performance.now();
    if (now - this.#lastDraw < 100 && done !== total) return;
    this.#lastDraw = now;
    const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)) : 0;
    const bar = total > 0 ? `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ` : "";
    this.#write(
      `\r\x1b[2K${bar}${label} ${formatInteger(done)}${of} ${formatInteger(perSecond)} msg/s`,
    );
    this.#drawn = true;
  }

  /**
   * Off a terminal, writes a progress line when none was written for `quietMs`, so a slow run
   * still shows it is alive. (A bar on a terminal is always current.)
   */
  remind(done: number, seconds: number, quietMs: number): void {
    if (this.#options.tty || performance.now() - this.#lastLine < quietMs) return;
    this.update(done, seconds);
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  finish(): void {
    if (this.#drawn) this.#write("\n");
    this.#drawn = false;
  }
}
