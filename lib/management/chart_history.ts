/**
 * A chart's history from the management API's own samples (`?lengths_age=…&msg_rates_age=…`),
 * so a chart is full the moment a page opens, not only from when the monitor started. Depths are
 * sampled as they were; rates are counters, turned into messages per second between samples.
 */
import type { ChartPoint } from "../shared/snapshot.ts";
import type { MessageStats, RateDetails, Sample } from "../shared/management_types.ts";

/** The sampled series a chart is built from. */
export interface SampledSeries {
  ready?: RateDetails;
  unacked?: RateDetails;
  stats?: MessageStats;
}

/** The query that asks the management API for `seconds` of samples, one every `step` seconds. */
export function historyQuery(seconds: number, step: number): string {
  return `lengths_age=${seconds}&lengths_incr=${step}&msg_rates_age=${seconds}&msg_rates_incr=${step}`;
}

/**
 * Chart points, oldest first, at the depth samples' times; each rate is the counter's change
 * since the previous sample. Points before the second sample (no rate yet) are left out.
 *
 * @example
 * ```ts
 * chartPointsOf({ ready: { rate: 0, samples: [{ sample: 5, timestamp: 2000 },
 *   { sample: 3, timestamp: 1000 }] } });
 * // [{ at: 2000, ready: 5, unacked: 0, publish: 0, deliver: 0, ack: 0 }]
 * ```
 */
export function chartPointsOf(series: SampledSeries): ChartPoint[] {
  const ready = ascending(series.ready?.samples);
  if (ready.length < 2) return [];
  const unacked = byTime(series.unacked?.samples);
  const counters = {
    publish: byTime(series.stats?.publish_details?.samples),
    deliver: byTime(series.stats?.deliver_get_details?.samples),
    ack: byTime(series.stats?.ack_details?.samples),
  };
  const points: ChartPoint[] = [];
  for (let i = 1; i < ready.length; i++) {
    const at = ready[i].timestamp, before = ready[i - 1].timestamp;
    const rate = (counter: Map<number, number>) => {
      const now = counter.get(at), then = counter.get(before);
      if (now === undefined || then === undefined || at <= before) return 0;
      return Math.max(0, (now - then) / ((at - before) / 1000)); // a reset is not a negative rate
    };
    points.push({
      at,
      ready: ready[i].sample,
      unacked: unacked.get(at) ?? 0,
      publish: rate(counters.publish),
      deliver: rate(counters.deliver),
      ack: rate(counters.ack),
    });
  }
  return points;
}

function ascending(samples: Sample[] | undefined): Sample[] {
  return [...samples ?? []].sort((a, b) => a.timestamp - b.timestamp);
}

function byTime(samples: Sample[] | undefined): Map<number, number> {
  return new Map((samples ?? []).map((s) => [s.timestamp, s.sample]));
}
