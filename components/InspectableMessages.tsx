/** A scrollable table of messages where clicking a row opens its properties and headers. */
import { useSignal } from "@preact/signals";
import type { InspectedMessage } from "../lib/shared/mod.ts";
import { FeedTable } from "./FeedTable.tsx";
import { MessageDetails } from "./MessageDetails.tsx";

/**
 * Messages in a table (in a box that scrolls by itself), one selectable at a time, its details
 * below. The selection is the component's own: it stays while newer messages come in.
 *
 * @example
 * ```tsx
 * <InspectableMessages messages={taken.value} empty="nothing taken yet" />
 * ```
 */
export function InspectableMessages(props: { messages: InspectedMessage[]; empty: string }) {
  const selected = useSignal<InspectedMessage | null>(null);
  return (
    <>
      <div class="feed-scroll">
        <FeedTable
          messages={props.messages}
          empty={props.empty}
          selected={selected.value}
          onSelect={(m) => (selected.value = m)}
        />
      </div>
      {selected.value && (
        <MessageDetails message={selected.value} onClose={() => (selected.value = null)} />
      )}
    </>
  );
}
