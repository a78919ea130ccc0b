/**
 * `deno task cluster` on ports of its own: three nodes that form one cluster, a quorum queue
 * replicated on all three, "already running" on a second start, and `--stop` removing it all.
 */
import assert from "node:assert/strict";
import { managementEndpoint, parseAmqpUrl } from "../lib/config.ts";
import { ManagementClient } from "../lib/management/mod.ts";
import { runScript } from "./helpers.ts";
import { freePortRange } from "../lib/local_broker/mod.ts";
import { takeTurn } from "./private_broker.ts";

Deno.test({
  name:
    "deno task cluster starts three joined nodes; a second run reuses them; --stop removes them",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const endTurn = await takeTurn("cluster");
    const parent = await Deno.makeTempDir({ prefix: "cluster-script-" });
    await Deno.chmod(parent, 0o755); // the nodes run as the rabbitmq user: let it reach --dir
    const dir = `${parent}/cluster`;
    const ports = [
      "--dir",
      dir,
      "--amqp-port",
      String(freePortRange(3)),
      "--management-port",
      String(freePortRange(3)),
      "--dist-port",
      String(freePortRange(3)),
    ];
    try {
      const started = await runScript("cluster", ports);
      assert.equal(started.code, 0, started.stderr);
      assert.match(started.stderr, /joined toolkit-1@localhost[\s\S]*joined toolkit-1@localhost/);
      const amqpUrls = started.stdout.match(/^AMQP_URL=(.+)$/m)?.[1] ?? "";
      const managementUrls = started.stdout.match(/^MANAGEMENT_URL=(.+)$/m)?.[1] ?? "";
      assert.equal(amqpUrls.split(",").length, 3);

      const api = new ManagementClient(
        managementEndpoint(parseAmqpUrl(amqpUrls.split(",")[0]), managementUrls),
      );
      const nodes = await api.nodes();
      assert.deepEqual(
        nodes.map((n) => [n.name, n.running]).sort(),
        [1, 2, 3].map((i) => [`toolkit-${i}@localhost`, true]),
      );

      const produced = await runScript("produce", [
        "--url",
        amqpUrls,
        "--queue-type",
        "quorum",
        "--count",
        "100",
        "--json",
      ]);
      assert.equal(produced.code, 0, produced.stderr);
      const queue = await api.queue("work.queue");
      assert.equal(queue?.type, "quorum");
      assert.equal(queue?.members?.length, 3, "replicated on every node");

      const again = await runScript("cluster", ports);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /already running/);
      assert.match(again.stdout, new RegExp(`AMQP_URL=${amqpUrls}`));

      const stopped = await runScript("cluster", ["--stop", "--dir", dir]);
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.match(stopped.stderr, /stopped 3 nodes and removed/);
      await assert.rejects(Deno.stat(dir), Deno.errors.NotFound);
      assert.equal(await api.nodes().then(() => "answers", () => "gone"), "gone");
    } finally {
      await runScript("cluster", ["--stop", "--dir", dir]); // after a failure above
      await Deno.remove(parent, { recursive: true });
      endTurn();
    }
  },
});
