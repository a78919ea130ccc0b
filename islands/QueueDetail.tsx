/** One queue's card on its own page, live, with its bytes, memory and delivery limit. */
import { useRef } from "preact/hooks";
import QueueCard from "../components/QueueCard.tsx";
import { QueueFigures } from "../components/QueueFigures.tsx";
import {
  fullStatistics,
  type QueueDetails,
  type Snapshot,
  useSnapshot,
} from "../lib/shared/mod.ts";

export default function QueueDetail(
  props: { initial: Snapshot; queue: string; details?: QueueDetails },
) {
  const snapshot = useSnapshot(props.initial);
  const queue = snapshot.queues.find((q) => q.name === props.queue);
  // A poll that listed every queue carries no details: the last ones seen stay, marked stale.
  const last = useRef({ details: props.details, stale: false });
  if (queue?.details) last.current = { details: queue.details, stale: false };
  else if (queue) last.current = { ...last.current, stale: true };
  if (!queue) {
    return (
      <p class="empty">
        Queue <code>{props.queue}</code> is not in the latest snapshot.
      </p>
    );
  }
  return (
    <div class="queue-detail">
      <QueueCard queue={queue} link={false} partial={!fullStatistics(snapshot)} />
      <QueueFigures details={last.current.details} stale={last.current.stale} />
    </div>
  );
}
