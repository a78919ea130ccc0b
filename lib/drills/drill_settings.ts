/** What every drill is given. */
import type { AmqpEndpoint } from "../config.ts";
import type { DrillReport } from "./drill_report.ts";
import type { ManagementClient } from "../management/mod.ts";

/** Settings every drill takes; the drill writes its steps, figures and verdict to `report`. */
export interface DrillSettings {
  /** The broker (or cluster) the drill runs against; drills on private nodes ignore it. */
  endpoints: readonly AmqpEndpoint[];
  /** Messages in the run. */
  count: number;
  /** The drill's exchange and queues are named `<prefix>.<drill>.<run id>.…`. */
  prefix: string;
  /** A consumer that received nothing for this long (ms) stops: what is missing stays missing. */
  idleTimeoutMs: number;
  /** Keep the drill's queues afterwards (they are deleted otherwise). */
  keep: boolean;
  /** Messages the consumer may hold unacked (its prefetch); absent: the drill's own default. */
  prefetch?: number;
  /**
   * The broker's management API, where the drill reads queue figures as the seed reads them
   * (Ready, Unacked) and the broker's memory; without it, depths are read over AMQP.
   */
  management?: ManagementClient;
  report: DrillReport;
}

/** Private brokers of the drills report their statistics every second, as the monitor's do. */
export const DRILL_NODE_CONFIG = "collect_statistics_interval = 1000";
