import assert from "node:assert/strict";
import { Hono } from "hono";
import { declaredBody, requestBodyLimit } from "./body_limit.ts";

const MAX = 1024;

/** An app with the limit before a stream that never reads its body and a route that does. */
function app(): { app: Hono; started: string[] } {
  const started: string[] = [];
  const app = new Hono();
  app.use(requestBodyLimit({ maxBytes: MAX }));
  app.get("/stream", (c) => {
    started.push("stream");
    return c.text("data: x\n\n");
  });
  app.post("/echo", async (c) => {
    started.push("echo");
    return c.text(String((await c.req.text()).length));
  });
  return { app, started };
}

/** A body of `bytes` bytes sent in pieces, with no length declared (chunked on the wire). */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const piece = Math.min(left, 256);
      left -= piece;
      controller.enqueue(new Uint8Array(piece).fill(120));
    },
  });
}

Deno.test("declaredBody reads the length, chunked or none from the headers", () => {
  assert.deepEqual(declaredBody(new Headers({ "content-length": "12" })), { bytes: 12 });
  assert.deepEqual(declaredBody(new Headers({ "transfer-encoding": "chunked" })), {
    bytes: undefined,
  });
  assert.deepEqual(declaredBody(new Headers({ "content-length": "x" })), { bytes: undefined });
  assert.equal(declaredBody(new Headers({ "content-length": "0" })), undefined);
  assert.equal(declaredBody(new Headers()), undefined);
});

Deno.test("requestBodyLimit: a GET with a body is refused before its handler starts", async () => {
  const { app: server, started } = app();
  for (
    const headers of [
      { "content-length": "300000000" },
      { "content-length": "10" },
      { "transfer-encoding": "chunked" },
    ] as Record<string, string>[]
  ) {
    const response = await server.request("/stream", { headers });
    assert.equal(response.status, 413, JSON.stringify(headers));
    assert.match((await response.json()).error, /a GET request takes no body/);
  }
  const head = await server.request("/stream", {
    method: "HEAD",
    headers: { "content-length": "10" },
  });
  assert.equal(head.status, 413);
  assert.deepEqual(started, [], "no stream started");
  const plain = await server.request("/stream", { headers: { "content-length": "0" } });
  assert.equal(plain.status, 200);
  assert.deepEqual(started, ["stream"]);
});

Deno.test("requestBodyLimit: a body over the limit gets 413, declared or streamed; one within it passes", async () => {
  const { app: server, started } = app();
  const declared = await server.request("/echo", {
    method: "POST",
    headers: { "content-length": String(MAX + 1) },
    body: "x".repeat(MAX + 1),
  });
  assert.equal(declared.status, 413);
  assert.match((await declared.json()).error, new RegExp(`over ${MAX} bytes`));
  const chunked = await server.request("/echo", { method: "POST", body: streamed(MAX * 100) });
  assert.equal(chunked.status, 413);
  await chunked.body?.cancel();
  assert.deepEqual(started, []);
  const fits = await server.request("/echo", { method: "POST", body: streamed(MAX) });
  assert.equal(fits.status, 200);
  assert.equal(await fits.text(), String(MAX));
});

Deno.test("a route given a larger limit takes bodies up to it, and only that route and method", async () => {
  const app = new Hono();
  app.use(requestBodyLimit({
    maxBytes: MAX,
    largerFor: [{ method: "POST", path: "/import", maxBytes: MAX * 4 }],
  }));
  const length = async (c: { req: { text(): Promise<string> }; text(t: string): Response }) =>
    c.text(String((await c.req.text()).length));
  app.post("/import", length);
  app.put("/import", length);
  app.post("/echo", length);
  const send = (method: string, path: string, bytes: number, chunked = false) =>
    app.request(path, {
      method,
      body: chunked ? streamed(bytes) : "x".repeat(bytes),
      // @ts-ignore: a streamed request body needs the half-duplex flag
      duplex: "half",
    });
  const taken = await send("POST", "/import", MAX * 3);
  assert.equal(taken.status, 200);
  assert.equal(await taken.text(), String(MAX * 3));
  const streamedIn = await send("POST", "/import", MAX * 3, true);
  assert.equal(streamedIn.status, 200);
  assert.equal((await send("POST", "/import", MAX * 4 + 1)).status, 413, "over its own limit");
  assert.equal((await send("POST", "/import", MAX * 5, true)).status, 413, "streamed past it");
  assert.equal(
    (await send("PUT", "/import", MAX * 3)).status,
    413,
    "another method keeps the limit",
  );
  assert.equal((await send("POST", "/echo", MAX * 3)).status, 413, "other routes keep the limit");
});
