/**
 * One count for connections everywhere: the overview's card, the connections page and the API
 * count the same list, and the monitor's own connection is in it, marked as its own.
 */
import assert from "node:assert/strict";
import type { Snapshot } from "../lib/shared/mod.ts";
import { eventually, testTopology, withConnection } from "./helpers.ts";
import { startTestMonitor } from "./monitor_helpers.ts";

Deno.test("the connections card, the connections page and /api/overview agree, the monitor's own marked", async () => {
  const t = testTopology("conn-count");
  const monitor = await startTestMonitor({ publishTo: { exchange: t.exchange, routingKey: "k" } });
  try {
    // A publish opens the monitor's own AMQP connection.
    await fetch(`${monitor.url}/publish/?message=x`, { method: "POST" }).then((r) =>
      r.body?.cancel()
    );
    await withConnection(async () => {
      const seen = await eventually("the monitor's own connection and another listed", async () => {
        const s: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
        return s.connections.some((c) => c.own) && s.connections.some((c) => !c.own)
          ? s
          : undefined;
      });
      const own = seen.connections.filter((c) => c.own);
      assert.equal(own.length, 1, "one connection is the monitor's own");
      assert.match(own[0].clientName, /^monitor /);
      // The same poll's figures on both pages: compare once they show the same count twice.
      await eventually("the card and the page agreeing with the API", async () => {
        const s: Snapshot = await (await fetch(`${monitor.url}/api/overview`)).json();
        const home = await (await fetch(`${monitor.url}/`)).text();
        const page = await (await fetch(`${monitor.url}/connections`)).text();
        const card = /stat-label">Connections<\/div><div class="stat-value">(\d+)/.exec(home)?.[1];
        const listed = /Connections \((?:<!-- -->)?(\d+)(?:<!-- -->)?\)/.exec(page)?.[1];
        const rows = page.match(/data-field="own"/g)?.length ?? 0;
        const counts = [Number(card), Number(listed), s.totals.connections, s.connections.length];
        if (new Set(counts).size !== 1) throw new Error(`card, page, totals, list: ${counts}`);
        assert.equal(rows, 1, "the page marks the monitor's own connection");
        assert.match(
          home,
          /title="1 of them this monitor&#39;s own"|title="1 of them this monitor's own"/,
        );
        return true;
      });
    });
  } finally {
    await monitor.close();
    await t.cleanup();
  }
});
