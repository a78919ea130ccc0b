import assert from "node:assert/strict";
import { HttpError } from "../errors.ts";
import { ManagementClient } from "./client.ts";

/** An HTTP server that answers with `statuses` in turn (then 200), counting the requests. */
function answering(statuses: number[]) {
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
    const status = statuses.shift() ?? 200;
    return status === 200 ? Response.json([]) : new Response("", { status });
  });
  const api = new ManagementClient({
    baseUrls: [`http://127.0.0.1:${server.addr.port}`],
    username: "guest",
    password: "guest",
    vhost: "/",
  });
  return { api, seen, close: () => server.shutdown() };
}

Deno.test("a read answered 500 is asked again, and its second answer counts", async () => {
  const { api, seen, close } = answering([500]);
  try {
    assert.deepEqual(await api.queues(), []);
    assert.deepEqual(seen, ["GET /api/queues/%2F", "GET /api/queues/%2F"]);
  } finally {
    await close();
  }
});

Deno.test("a read that keeps failing with 500 is reported after five attempts", async () => {
  const { api, seen, close } = answering([500, 500, 500, 500, 500, 500]);
  try {
    await assert.rejects(api.queues(), (e) => e instanceof HttpError && e.status === 500);
    assert.equal(seen.length, 5);
  } finally {
    await close();
  }
});

Deno.test("a write answered 500 is not sent again, nor is a read answered 404", async () => {
  const write = answering([500]);
  try {
    await assert.rejects(
      write.api.deleteQueue("q"),
      (e) => e instanceof HttpError && e.status === 500,
    );
    assert.deepEqual(write.seen, ["DELETE /api/queues/%2F/q"]);
  } finally {
    await write.close();
  }
  const read = answering([404]);
  try {
    await assert.rejects(read.api.queues(), (e) => e instanceof HttpError && e.status === 404);
    assert.equal(read.seen.length, 1);
  } finally {
    await read.close();
  }
});

Deno.test("vhostList reads every vhost's depths and rates by name, asking only for those", async () => {
  const asked: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const url = new URL(request.url);
    asked.push(url.searchParams.get("columns") ?? "");
    return Response.json([
      { name: "orders", messages_ready: 3, messages_unacknowledged: 1 },
      { name: "/", messages_ready: 0, message_stats: { publish_details: { rate: 2.5 } } },
    ]);
  });
  try {
    const api = new ManagementClient({
      baseUrls: [`http://127.0.0.1:${server.addr.port}`],
      username: "guest",
      password: "guest",
      vhost: "/",
    });
    const vhosts = await api.vhostList();
    assert.deepEqual(vhosts.map((v) => v.name), ["/", "orders"]);
    assert.equal(vhosts[0].message_stats?.publish_details?.rate, 2.5);
    assert.match(asked[0], /^name,messages_ready,messages_unacknowledged,message_stats\./);
  } finally {
    await server.shutdown();
  }
});
