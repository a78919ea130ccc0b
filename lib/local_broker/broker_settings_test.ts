import assert from "node:assert/strict";
import { failoverClusterConfig, KILLED_NODE_HOLD_MS, knowsSetting } from "./broker_settings.ts";

const ROOT_43 = Deno.env.get("RABBITMQ_43_ROOT") ?? "/var/lib/rabbitmq-toolkit/rabbitmq-4.3";

Deno.test("knowsSetting reads this machine's RabbitMQ schema; unknown keys and roots are false", async () => {
  // Every supported version defines consumer_timeout; no version defines this one.
  assert.equal(await knowsSetting("consumer_timeout"), true);
  assert.equal(await knowsSetting("no_such.setting"), false);
  assert.equal(await knowsSetting("consumer_timeout", "/nonexistent-root"), false);
});

Deno.test({
  name: "the failover config shortens a killed node's hold only where the version has it (4.x)",
  ignore: !(await Deno.stat(`${ROOT_43}/usr/lib/rabbitmq`).catch(() => undefined)),
  async fn() {
    assert.equal(
      await failoverClusterConfig(ROOT_43),
      `consumer_disconnected_timeout = ${KILLED_NODE_HOLD_MS}`,
    );
    const local = await knowsSetting("consumer_disconnected_timeout");
    assert.equal(await failoverClusterConfig(), local ? await failoverClusterConfig(ROOT_43) : "");
  },
});
