/**
 * The broker's health as the person who started a monitor needs it at the terminal: answering,
 * refusing the credentials or the virtual host, or out of reach. One line when it changes, not
 * one per poll.
 */
import { HttpError } from "../errors.ts";
import { terminalSafe } from "../shared/mod.ts";
import type { Snapshot } from "../shared/mod.ts";

/** How the broker answers the monitor's polls. */
export type BrokerHealthState = "ok" | "refused" | "management-down" | "unreachable";

/** The broker's health at one poll, with the reason in one line. */
export interface BrokerHealth {
  state: BrokerHealthState;
  /** One line for stderr, without a prefix; "" when the broker answers. */
  reason: string;
}

/**
 * Why the management API's answer means the credentials or the virtual host are refused (401,
 * or 404 for a vhost the broker does not have), or `undefined` for any other failure.
 *
 * @example
 * ```ts
 * refusalOf(new HttpError(404, "…"), "shop"); // "the broker has no virtual host 'shop' …"
 * ```
 */
export function refusalOf(error: unknown, vhost: string): string | undefined {
  if (!(error instanceof HttpError)) return undefined;
  if (error.status === 401) return error.message;
  if (error.status === 404) {
    return `the broker has no virtual host '${vhost}' (404 from the management API); give a vhost it has at the end of the URL`;
  }
  return undefined;
}

/**
 * The health a snapshot tells.
 *
 * @example
 * ```ts
 * healthOf(snapshot).state; // "ok"
 * ```
 */
export function healthOf(snapshot: Snapshot): BrokerHealth {
  const problem = snapshot.problem ?? "";
  if (snapshot.refused) return { state: "refused", reason: problem };
  if (snapshot.unreachable) return { state: "unreachable", reason: problem };
  if (snapshot.source === "amqp" && !snapshot.statisticsOff) {
    return { state: "management-down", reason: problem };
  }
  return { state: "ok", reason: "" };
}

/**
 * Follows the polls and says, in one line, when the broker's health changes: the first poll
 * that is not healthy, and every change after it (back to healthy too).
 *
 * @example
 * ```ts
 * const watch = new HealthWatch({ name: "monitor", broker: "127.0.0.1:5672" });
 * poller.observe((snapshot) => {
 *   const line = watch.next(snapshot);
 *   if (line) console.error(line);
 * });
 * ```
 */
export class HealthWatch {
  readonly #name: string;
  readonly #broker: string;
  // The state last said (or the first poll's, when it was healthy and nothing was said).
  #last?: BrokerHealthState;
  #lastReason = "";

  /** `name` prefixes each line; `broker` names the broker in them. */
  constructor(options: { name: string; broker: string }) {
    this.#name = options.name;
    this.#broker = options.broker;
  }

  /** The line to print for this poll, or `undefined` when nothing changed. */
  next(snapshot: Snapshot): string | undefined {
    const health = healthOf(snapshot);
    const changed = health.state !== this.#last ||
      // A refusal of another kind (the vhost, then the user) is a change too.
      (health.state === "refused" && health.reason !== this.#lastReason);
    const first = this.#last === undefined;
    this.#last = health.state;
    this.#lastReason = health.reason;
    if (!changed || (first && health.state === "ok")) return undefined;
    return `${this.#name}: ${terminalSafe(this.#words(health), { maxLength: Infinity })}`;
  }

  #words(health: BrokerHealth): string {
    switch (health.state) {
      case "ok":
        return `${this.#broker} answers again; the pages show its figures`;
      case "refused":
        return `${this.#broker} refuses the monitor: ${health.reason}`;
      case "unreachable":
        return `${this.#broker} cannot be reached; the pages show nothing current: ${health.reason}`;
      case "management-down":
        return `${this.#broker}: ${health.reason}; the pages show what AMQP tells (depths, consumers)`;
    }
  }
}
