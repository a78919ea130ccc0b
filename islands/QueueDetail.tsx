/** One queue's card on its own page, live. */
import QueueCard from "../components/QueueCard.tsx";
import { fullStatistics, type Snapshot, useSnapshot } from "../lib/shared/mod.ts";

export default function QueueDetail(props: { initial: Snapshot; queue: string }) {
  const snapshot = useSnapshot(props.initial);
  const queue = snapshot.queues.find((q) => q.name === props.queue);
  if (!queue) {
    return (
      <p class="empty">
        Queue <code>{props.queue}</code> is not in the latest snapshot.
      </p>
    );
  }
  return <QueueCard queue={queue} link={false} partial={!fullStatistics(snapshot)} />;
}
