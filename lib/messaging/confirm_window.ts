/**
 * The publishes awaiting their confirm, counted, and the one wait of the publish loop: it
 * sleeps until a condition on the window holds (room for another publish, nothing in flight)
 * and is woken by the settle that makes it hold.
 */

/**
 * A count of publishes in flight and a single waiter.
 *
 * @example
 * ```ts
 * const window = new ConfirmWindow();
 * window.add();
 * const room = window.waitFor(() => window.inFlight < 1); // a promise: the window is full
 * window.settle(); // resolves it
 * await room;
 * ```
 */
export class ConfirmWindow {
  #inFlight = 0;
  /** The loop's wait: what it waits for, and how to wake it. */
  #waiting: { ready: () => boolean; resume: () => void } | undefined;

  /** Publishes sent and not yet confirmed, nacked or failed. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Counts a publish going out. */
  add(): void {
    this.#inFlight++;
  }

  /** Counts a publish settled (whatever its outcome); wakes the waiter when its condition holds. */
  settle(): void {
    this.#inFlight--;
    this.wake();
  }

  /** Wakes the waiter if its condition holds now (after a change the window cannot see). */
  wake(): void {
    if (this.#waiting?.ready()) this.interrupt();
  }

  /** Wakes the waiter whatever its condition (the run is ending). */
  interrupt(): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resume();
  }

  /** Resolves once `ready()` holds; `undefined` (nothing to await) when it holds already. */
  waitFor(ready: () => boolean): Promise<void> | undefined {
    if (ready()) return undefined;
    return new Promise<void>((resume) => (this.#waiting = { ready, resume }));
  }
}
