/** What a drill did, its figures, and its verdict: PASS, or FAIL with the first thing wrong. */

/** A drill's report as `--json` prints it. */
export interface DrillJson {
  /** The drill's name. */
  drill: string;
  /** Whether every check held. */
  passed: boolean;
  /** The first check that failed, in words. */
  failure?: string;
  /** What the drill did, step by step. */
  steps: string[];
  /** Its measurements, by name. */
  figures: Record<string, number | string>;
}

/**
 * Collects a drill's steps and figures as it runs, and the first failed check.
 *
 * @example
 * ```ts
 * const report = new DrillReport("reliability", console.log);
 * report.step("published 10,000");
 * report.check(consumed === 10_000, `${10_000 - consumed} messages missing`);
 * console.log(report.verdict); // "PASS" or "FAIL: 3 messages missing"
 * ```
 */
export class DrillReport {
  /** The drill's name. */
  readonly drill: string;
  readonly #steps: string[] = [];
  readonly #figures: Record<string, number | string> = {};
  readonly #onStep: (line: string) => void;
  #failure?: string;

  /** A report of drill `drill`; `onStep` hears each step as it is recorded. */
  constructor(drill: string, onStep: (line: string) => void = () => {}) {
    this.drill = drill;
    this.#onStep = onStep;
  }

  /** Records what the drill just did. */
  step(line: string): void {
    this.#steps.push(line);
    this.#onStep(line);
  }

  /** Records measurements. */
  figures(figures: Record<string, number | string>): void {
    Object.assign(this.#figures, figures);
  }

  /** Records `failure` unless `ok`; only the first failure is the verdict's. Returns `ok`. */
  check(ok: boolean, failure: string): boolean {
    if (!ok) this.fail(failure);
    return ok;
  }

  /** Records a failure (the first one is the verdict's). */
  fail(failure: string): void {
    this.#failure ??= failure;
    this.step(`check failed: ${failure}`);
  }

  /** Whether every check held. */
  get passed(): boolean {
    return this.#failure === undefined;
  }

  /** `PASS`, or `FAIL: ` and the first thing that went wrong. */
  get verdict(): string {
    return this.#failure === undefined ? "PASS" : `FAIL: ${this.#failure}`;
  }

  /** The report as one object. */
  toJSON(): DrillJson {
    return {
      drill: this.drill,
      passed: this.passed,
      ...(this.#failure === undefined ? {} : { failure: this.#failure }),
      steps: [...this.#steps],
      figures: { ...this.#figures },
    };
  }
}
