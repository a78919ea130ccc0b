/**
 * The terminal while `deno task status` watches: the alternate screen (so nothing is left in
 * the scrollback), redrawn in place on every snapshot, key and resize, keys read one at a time.
 * What is drawn is `renderScreen`'s; this class only owns the terminal.
 */
import type { QueueQuery, Snapshot } from "../../lib/shared/mod.ts";
import {
  INITIAL_SCREEN,
  nextState,
  nodeLineCount,
  renderScreen,
  screenQuery,
  type ScreenState,
  splitKeys,
} from "./status_screen.ts";
import type { Palette } from "./status_view.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Keys that end the view: q, and Ctrl+C (which raw mode delivers as a key). */
const QUIT_KEYS = new Set(["q", "Q", "\x03"]);

/**
 * A full-screen view of the latest snapshot.
 *
 * @example
 * ```ts
 * const screen = new LiveScreen(COLOR);
 * screen.open();
 * screen.show(await poller.poll());
 * await screen.quit; // q or Ctrl+C
 * screen.close();
 * ```
 */
export class LiveScreen {
  // What is shown: the latest snapshot and what the person chose (sort, filter, page).
  #snapshot?: Snapshot;
  #state: ScreenState = INITIAL_SCREEN;

  // The terminal: how to colour, and what to undo when leaving it.
  readonly #palette: Palette;
  #open = false;
  readonly #onResize = () => this.#draw();

  // Who waits for the next change of sort, filter or page (to read that page at once).
  readonly #onChange = new Set<() => void>();

  // How the view ends: a quit key, or stdin closing.
  #quit!: () => void;
  /** Resolves when the person quits. */
  readonly quit: Promise<void> = new Promise((resolve) => (this.#quit = resolve));

  constructor(palette: Palette) {
    this.#palette = palette;
  }

  /** Takes the terminal: alternate screen, hidden cursor, keys one at a time. */
  open(): void {
    this.#write("\x1b[?1049h\x1b[?25l");
    this.#open = true;
    Deno.addSignalListener("SIGWINCH", this.#onResize);
    // Keys only from a terminal (stdin may be a pipe or closed: then q is Ctrl+C's SIGINT).
    if (Deno.stdin.isTerminal()) {
      Deno.stdin.setRaw(true);
      void this.#readKeys();
    }
  }

  /** Shows a new snapshot. */
  show(snapshot: Snapshot): void {
    this.#snapshot = snapshot;
    this.#draw();
  }

  /** The page of queues the screen shows now, for the broker to read. */
  query(): QueueQuery {
    const { rows } = Deno.consoleSize();
    const snapshot = this.#snapshot;
    const nodes = snapshot ? nodeLineCount(snapshot) : 0;
    return screenQuery(this.#state, { height: rows }, snapshot?.problem !== undefined, nodes);
  }

  /** Resolves at the next key that changes what the screen shows (sort, filter, page). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#onChange.add(resolve));
  }

  /** Ends the view from outside (a signal), as a quit key would. */
  end(): void {
    this.#quit();
  }

  /** Gives the terminal back as it was. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    Deno.removeSignalListener("SIGWINCH", this.#onResize);
    if (Deno.stdin.isTerminal()) Deno.stdin.setRaw(false);
    this.#write("\x1b[?25h\x1b[?1049l");
  }

  /** Applies each key until a quit key (or the end of stdin). */
  async #readKeys(): Promise<void> {
    const buffer = new Uint8Array(64);
    while (this.#open) {
      const n = await Deno.stdin.read(buffer).catch(() => null);
      if (n === null) return this.#quit();
      for (const key of splitKeys(decoder.decode(buffer.subarray(0, n)))) {
        // q types into a filter; Ctrl+C always quits.
        if (QUIT_KEYS.has(key) && (this.#state.typing === undefined || key === "\x03")) {
          return this.#quit();
        }
        this.#state = nextState(this.#state, key);
      }
      this.#draw();
      if (this.#state.typing === undefined) this.#changedNow();
    }
  }

  /** Redraws in place: home, each line over the old one, the rest cleared. */
  #draw(): void {
    if (!this.#open || !this.#snapshot) return;
    const { columns, rows } = Deno.consoleSize();
    const screen = renderScreen(
      this.#snapshot,
      this.#state,
      { width: columns, height: rows },
      this.#palette,
    );
    this.#state = { ...this.#state, page: screen.page }; // a page past the end is the last
    this.#write(`\x1b[H${screen.lines.map((line) => `${line}\x1b[K`).join("\r\n")}\x1b[J`);
  }

  #changedNow(): void {
    for (const resolve of this.#onChange) resolve();
    this.#onChange.clear();
  }

  #write(text: string): void {
    Deno.stdout.writeSync(encoder.encode(text));
  }
}
