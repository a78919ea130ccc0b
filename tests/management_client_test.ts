/**
 * The management client against the real broker while other clients declare quorum queues and
 * streams: RabbitMQ 3.10 answers a queue listing with 500 when it meets one being declared.
 */
import assert from "node:assert/strict";
import { management, uniqueName, withConnection } from "./helpers.ts";

Deno.test("queue listings succeed while quorum queues and streams are declared and deleted", async () => {
  const base = uniqueName("declaring");
  let declared = 0;
  let listed = 0;
  let stop = false;
  await withConnection(async (conn) => {
    const ch = await conn.channel();
    const churn = (async () => {
      while (!stop) {
        const name = `${base}.${declared}`;
        const type = declared++ % 2 ? "stream" : "quorum";
        await ch.queueDeclare(name, { durable: true }, { "x-queue-type": type });
        await ch.queueDelete(name);
      }
    })();
    try {
      // Until enough of both happened for the broker's race to show (it hit 7% of listings).
      const started = Date.now();
      while ((listed < 150 || declared < 100) && Date.now() - started < 60_000) {
        await management.queues();
        listed++;
      }
    } finally {
      stop = true;
      await churn.finally(() => management.deleteQueue(`${base}.${declared - 1}`));
    }
  });
  assert.ok(listed >= 150 && declared >= 100, `listed ${listed} times while ${declared} declared`);
});
