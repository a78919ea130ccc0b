/**
 * A broker restart under a running monitor: the chart's history breaks at the restart (uptime
 * went back) instead of joining the figures before it to the restarted broker's, and never
 * takes the restarted broker's zeros for the minutes before it ran.
 */
import assert from "node:assert/strict";
import { chartRows, type Snapshot } from "../lib/shared/mod.ts";
import { chartHistory } from "../routes/_chart_history.ts";
import { eventually, produceOk } from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";
import { PrivateBroker } from "./private_broker.ts";

Deno.test({
  name: "a chart across a broker restart shows a gap, and no 0 for the time before the restart",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const broker = await PrivateBroker.start({ management: true });
    const monitor = await startTestMonitor({
      amqpUrl: broker.url,
      managementUrl: broker.node.managementUrl!,
    });
    const overview = async (): Promise<Snapshot> =>
      await (await fetch(`${monitor.url}/api/overview`)).json();
    try {
      await produceOk([
        "--url",
        broker.url,
        "--queue",
        "chart.q",
        "--audit-queue",
        "",
        "--count",
        "300",
        "--durable",
      ]);
      // Long enough up that its restart is told from a stale uptime (see RESTART_TOLERANCE_MS).
      await eventually(
        "the node up 20 s, the monitor charting 300 ready",
        async () => {
          const s = await overview();
          const points = monitor.context.poller.history();
          return (s.nodes[0]?.uptimeMs ?? 0) > 20_000 && points.at(-1)?.ready === 300 &&
              points.length >= 3 || undefined;
        },
        90_000,
        async () => JSON.stringify((await overview()).nodes),
      );
      const before = monitor.context.poller.history().at(-1)!;
      await broker.kill();
      await broker.restart();
      await eventually(
        "three points from the restarted broker",
        async () => {
          await overview(); // asking keeps the monitor polling
          const after = monitor.context.poller.history().filter((p) => p.at > before.at);
          return after.filter((p) => (p.startedAt ?? 0) > before.startedAt! + 15_000).length >= 3 ||
            undefined;
        },
        120_000,
        () => JSON.stringify(monitor.context.poller.history().slice(-3)),
      );

      const history = await chartHistory(monitor.context);
      const rows = chartRows(history);
      const gap = rows.indexOf(null);
      assert.ok(gap > 0, `a gap in ${JSON.stringify(history.map((p) => [p.at, p.ready]))}`);
      assert.equal(
        rows[gap - 1]!.ready,
        300,
        "up to the restart, the figures the monitor saw (not the restarted broker's zeros)",
      );
      assert.ok(rows[gap - 1]!.at <= before.at, "the line breaks where the broker went down");
      const restartedAt = rows[gap + 1]!.startedAt!;
      assert.ok(
        history.every((p) => p.at <= before.at || p.at >= restartedAt),
        "no point from the time the broker was down",
      );
    } finally {
      await monitor.close();
      await broker.stop();
    }
  },
});
