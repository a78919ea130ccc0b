/**
 * The broker's flow control as a gate: closed while the broker blocks publishers (a memory or
 * disk alarm), open otherwise. The publish loop passes through it before every publish.
 */

/**
 * A gate that is open until closed, with a promise to await while it is closed.
 *
 * @example
 * ```ts
 * const gate = new FlowGate();
 * gate.close();
 * setTimeout(() => gate.open(), 100);
 * await gate.passage; // resolves when opened
 * ```
 */
export class FlowGate {
  #passage: Promise<void> | undefined;
  #open: (() => void) | undefined;

  /** Resolves once the gate is open; `undefined` while it is open. */
  get passage(): Promise<void> | undefined {
    return this.#passage;
  }

  /** Closes the gate (again closing a closed gate changes nothing). */
  close(): void {
    this.#passage ??= new Promise((resolve) => (this.#open = resolve));
  }

  /** Opens the gate and lets everyone waiting through. */
  open(): void {
    this.#passage = undefined;
    this.#open?.();
    this.#open = undefined;
  }
}
