/**
 * The browser's one connection to the monitor's snapshot stream, shared by every island on
 * the page through signals: one EventSource per page, however many islands read it.
 */
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { ViewSnapshot } from "./snapshot_view.ts";

/** The latest snapshot from the server (null until the first one arrives). */
export const liveSnapshot = signal<ViewSnapshot | null>(null);
/** Whether the stream is connected right now. */
export const streamConnected = signal(false);

let source: EventSource | undefined;
let sourceView: string | undefined;

/** Opens the stream for a view (the stream's query parameters), or keeps the one open for it. */
function openStream(view = ""): void {
  if (typeof EventSource === "undefined") return;
  if (source && sourceView === view) return;
  source?.close();
  sourceView = view;
  source = new EventSource(view ? `/api/stream?${view}` : "/api/stream");
  source.addEventListener("open", () => (streamConnected.value = true));
  source.addEventListener("error", () => (streamConnected.value = false)); // EventSource retries
  source.addEventListener("snapshot", (event) => {
    liveSnapshot.value = JSON.parse((event as MessageEvent).data);
    streamConnected.value = true;
  });
}

/**
 * Asks the stream for another view of the snapshots (the queue table's next page, say): the
 * page's one connection is opened again with it, and its first snapshot comes at once.
 *
 * @example
 * ```ts
 * streamView(viewParams({ queues: "page", query }).toString());
 * ```
 */
export function streamView(view: string): void {
  openStream(view);
}

/**
 * The live snapshot, or `initial` (the server-rendered one) until the stream delivers, in the
 * view the page showed it (see `narrowSnapshot`).
 * Reading it in a component re-renders that component on every new snapshot.
 *
 * @example
 * ```tsx
 * const snapshot = useSnapshot(props.initial);
 * ```
 */
export function useSnapshot(initial: ViewSnapshot): ViewSnapshot {
  // The server-rendered snapshot names its page's view; the stream sends the same one.
  useEffect(() => openStream(initial.view), []);
  return liveSnapshot.value ?? initial;
}
