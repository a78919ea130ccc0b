/**
 * Refusals that name their cause: a publish a policy's length limit refuses names the policy and
 * its limit (not the bindings), and an AMQP URL pointed at the management port says so and
 * gives the AMQP port.
 */
import assert from "node:assert/strict";
import { AMQP_URL, MANAGEMENT_URL, runScript, withTestVhost } from "./helpers.ts";

Deno.test("produce into a queue a policy limits with reject-publish names the policy and its limit", async () => {
  await withTestVhost("policy-limit", async (vhost) => {
    const policy = "cap-orders";
    const response = await fetch(
      `${MANAGEMENT_URL}/api/policies/${encodeURIComponent(vhost.name)}/${policy}`,
      {
        method: "PUT",
        headers: {
          authorization: `Basic ${btoa("guest:guest")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          pattern: "^orders$",
          definition: { "max-length": 50, overflow: "reject-publish" },
          "apply-to": "queues",
        }),
      },
    );
    await response.body?.cancel();
    assert.ok(response.ok, `policy: ${response.status}`);
    const run = await runScript("produce", [
      "--url",
      vhost.url,
      "--queue",
      "orders",
      "--count",
      "80",
      "--nack-retries",
      "0",
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /queue 'orders' refuses what does not fit: policy 'cap-orders' sets max-length 50 with overflow reject-publish/,
    );
    assert.match(
      run.stderr,
      /not confirmed \(nacked=\d+: refused by policy 'cap-orders' on 'orders' \(max-length 50\)\)/,
    );
    assert.doesNotMatch(
      run.stderr,
      /no queue is bound|electing a leader/,
      "not the bindings, not a leader",
    );
  });
});

Deno.test("an AMQP URL pointed at the management port says so and gives the AMQP port", async () => {
  const amqp = new URL(AMQP_URL);
  const managementPort = new URL(MANAGEMENT_URL).port;
  const url = new URL(AMQP_URL);
  url.port = managementPort;
  const started = Date.now();
  const run = await runScript("produce", ["--url", url.href, "--count", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(
      `:${managementPort} answers HTTP, not AMQP: it is the management API's port; the broker's AMQP port is ${amqp.port}`,
    ),
  );
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.ok(Date.now() - started < 20_000, "said at once, not after every retry");
});
