/** Starting a monitor in the test process, against the shared broker, on a free port. */
import { parseAmqpUrls } from "../lib/config.ts";
import { DEFAULT_THRESHOLDS } from "../lib/shared/mod.ts";
import { type RunningMonitor, startMonitor } from "../routes/app.ts";
import { AMQP_URL, MANAGEMENT_URL } from "./helpers.ts";
import type { ActionKind } from "../routes/_requests/action_scope.ts";
import { CLI_MANAGEMENT_HINTS, CLI_MONITOR_ADVICE } from "../scripts/_cli/hints.ts";

/**
 * Starts a monitor polling every `intervalSeconds` (1 by default, to keep tests short); it may
 * publish to and tap `publishExchanges` besides the toolkit's own.
 */
export function startTestMonitor(
  options: {
    intervalSeconds?: number;
    /** Another broker than the shared one (a private node). */
    amqpUrl?: string;
    managementUrl?: string;
    token?: string;
    publishExchanges?: string[];
    readOnly?: boolean;
    publishTo?: { exchange: string; routingKey: string };
    /** Actions on the broker itself it may take (`--allow`). */
    allow?: ActionKind[];
  } = {},
): Promise<RunningMonitor> {
  return startMonitor({
    amqp: parseAmqpUrls(options.amqpUrl ?? AMQP_URL),
    managementUrl: options.managementUrl ?? MANAGEMENT_URL,
    host: "127.0.0.1",
    port: 0,
    intervalSeconds: options.intervalSeconds ?? 1,
    thresholds: DEFAULT_THRESHOLDS,
    token: options.token,
    publishExchanges: options.publishExchanges,
    readOnly: options.readOnly,
    allow: options.allow,
    publishTo: options.publishTo,
    // The words `deno task monitor` gives it: refusals name the flags that widen them.
    advice: CLI_MONITOR_ADVICE,
    managementHints: CLI_MANAGEMENT_HINTS,
  });
}

/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Reads server-sent events from `url` until `until` returns true for the list so far, or
 * `timeoutMs` passes; always closes the stream.
 */
export async function readEvents(
  url: string,
  until: (events: SseEvent[]) => boolean,
  timeoutMs = 15_000,
  onOpen?: () => Promise<void> | void,
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: SseEvent[] = [];
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let opened = false;
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = block.match(/^event: ?(.*)$/m)?.[1] ?? "message";
        const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join("\n");
        events.push({ event, data });
        if (!opened && onOpen) {
          opened = true;
          await onOpen();
        }
      }
    }
    await reader.cancel().catch(() => {});
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}
