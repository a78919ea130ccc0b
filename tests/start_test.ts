/**
 * `deno task start` on a broker others use: it says which broker and vhost it uses, and empties
 * the demo queues only when they hold an earlier demo of this machine (or with --yes). Runs in a
 * vhost of its own, so nobody's demo queues are touched.
 */
import assert from "node:assert/strict";
import { runScript, withConnection, withTestVhost } from "./helpers.ts";

Deno.test("start refuses to empty demo queues holding someone else's messages, takes --url and --yes", async () => {
  await withTestVhost("start", async ({ name, url }) => {
    await withConnection(async (conn) => {
      const ch = await conn.channel();
      await ch.confirmSelect();
      await ch.queueDeclare("demo.audit", { durable: true });
      await ch.basicPublish("", "demo.audit", "a colleague's demo", {
        headers: { producer_id: "alice" },
      });
    }, url);
    const refused = await runScript("start", ["--url", url]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`using RabbitMQ at .* \\(vhost '${name}'\\)`));
    assert.match(
      refused.stderr.trim().split("\n").at(-1)!,
      /^start: demo\.audit holds 1 message from 'alice', not from this machine's demo: run with --yes/,
    );

    const forced = await runScript("start", ["--url", url, "--yes"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /^consumed=10000 /m);
    // Its own demo now: a second run needs no --yes.
    const again = await runScript("start", ["--url", url]);
    assert.equal(again.code, 0, again.stderr);
  });
});
