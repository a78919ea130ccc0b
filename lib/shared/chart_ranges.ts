/**
 * The spans a chart offers and the sample step each asks the management API for. The broker keeps
 * a queue's samples for an hour (its `basic` retention policy) and a vhost's for a day (`global`),
 * so 8 hours is offered for the overview alone. Browser-safe.
 */

/** One span of a chart. */
export interface ChartRange {
  /** Seconds of history shown. */
  seconds: number;
  /** Seconds between two of the broker's samples asked for. */
  step: number;
  label: string;
  /** Only the overview's chart (the vhost's samples); a queue's are kept an hour. */
  overviewOnly?: boolean;
}

/** The spans offered, shortest first; the first is the default. */
export const CHART_RANGES: readonly ChartRange[] = [
  { seconds: 300, step: 5, label: "5 min" },
  { seconds: 3600, step: 60, label: "1 h" },
  { seconds: 28800, step: 600, label: "8 h", overviewOnly: true },
];

/**
 * The range of `seconds` for a chart (of a queue or not), or an error line naming what is accepted.
 *
 * @example
 * ```ts
 * chartRange("3600", { queue: true }); // { seconds: 3600, step: 60, label: "1 h" }
 * chartRange("28800", { queue: true }); // "seconds: a queue's chart takes 300 or 3600"
 * ```
 */
export function chartRange(
  seconds: string | undefined,
  chart: { queue: boolean },
): ChartRange | string {
  const offered = CHART_RANGES.filter((r) => !(chart.queue && r.overviewOnly));
  if (seconds === undefined || seconds === "") return offered[0];
  const range = offered.find((r) => String(r.seconds) === seconds);
  if (range) return range;
  const accepted = offered.map((r) => r.seconds);
  return `seconds: ${chart.queue ? "a queue's" : "the overview's"} chart takes ${
    accepted.slice(0, -1).join(", ")
  } or ${accepted.at(-1)}`;
}
