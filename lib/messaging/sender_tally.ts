/**
 * Messages per sender in a consume run: by the `producer_id` and `host` headers our envelope
 * and the pika demo's producer both stamp, and those that name no sender.
 */

import type { Sender } from "./envelope.ts";

/** How many messages one sender sent. */
export interface SenderCount {
  /** The sender (`producer_id`, `host`); null for the messages that name none. */
  sender: Sender | null;
  /** Messages it sent. */
  messages: number;
}

/** Senders a tally keeps apart; the messages of any further one are only counted. */
export const MAX_SENDERS = 1_000;

/**
 * Counts messages per sender, with a bound: a queue of messages from a million producer ids
 * costs no more than {@linkcode MAX_SENDERS} entries.
 *
 * @example
 * ```ts
 * const tally = new SenderTally();
 * tally.add("pika-user", "laptop");
 * tally.addUnnamed();
 * tally.counts(); // [{ sender: { producerId: "pika-user", host: "laptop" }, messages: 1 },
 *                 //  { sender: null, messages: 1 }]
 * ```
 */
export class SenderTally {
  /** producer id -> host -> messages (two lookups, no key built per message). */
  readonly #byProducer = new Map<string, Map<string, number>>();
  #senders = 0;
  #unnamed = 0;
  #unlisted = 0;

  /** Counts one message of this sender. */
  add(producerId: string, host: string): void {
    let hosts = this.#byProducer.get(producerId);
    const known = hosts?.get(host);
    if (known !== undefined) return void hosts!.set(host, known + 1);
    if (this.#senders >= MAX_SENDERS) return void this.#unlisted++;
    if (!hosts) this.#byProducer.set(producerId, hosts = new Map());
    hosts.set(host, 1);
    this.#senders++;
  }

  /** Counts one message that names no sender. */
  addUnnamed(): void {
    this.#unnamed++;
  }

  /** Messages of senders past {@linkcode MAX_SENDERS}, counted but not told apart. */
  get unlisted(): number {
    return this.#unlisted;
  }

  /** Every sender with its messages, most first; the messages naming none last. */
  counts(): SenderCount[] {
    const counts: SenderCount[] = [];
    for (const [producerId, hosts] of this.#byProducer) {
      for (const [host, messages] of hosts) counts.push({ sender: { producerId, host }, messages });
    }
    counts.sort((a, b) => b.messages - a.messages);
    if (this.#unnamed > 0) counts.push({ sender: null, messages: this.#unnamed });
    return counts;
  }
}
