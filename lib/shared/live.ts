/**
 * The browser's one connection to the monitor's snapshot stream, shared by every island on
 * the page through signals: one EventSource per page, however many islands read it.
 */
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Snapshot } from "./snapshot.ts";

/** The latest snapshot from the server (null until the first one arrives). */
export const liveSnapshot = signal<Snapshot | null>(null);
/** Whether the stream is connected right now. */
export const streamConnected = signal(false);

let source: EventSource | undefined;

function openStream(): void {
  if (source || typeof EventSource === "undefined") return;
  source = new EventSource("/api/stream");
  source.addEventListener("open", () => (streamConnected.value = true));
  source.addEventListener("error", () => (streamConnected.value = false)); // EventSource retries
  source.addEventListener("snapshot", (event) => {
    liveSnapshot.value = JSON.parse((event as MessageEvent).data);
    streamConnected.value = true;
  });
}

/**
 * The live snapshot, or `initial` (the server-rendered one) until the stream delivers.
 * Reading it in a component re-renders that component on every new snapshot.
 *
 * @example
 * ```tsx
 * const snapshot = useSnapshot(props.initial);
 * ```
 */
export function useSnapshot(initial: Snapshot): Snapshot {
  useEffect(openStream, []);
  return liveSnapshot.value ?? initial;
}
