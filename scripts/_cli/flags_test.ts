import assert from "node:assert/strict";
import { hostAndPort, urlWithHost } from "./flags.ts";

Deno.test("--host keeps the port it is given: host, host:port, [v6]:port", () => {
  assert.deepEqual(hostAndPort("rabbit.lan"), { hostname: "rabbit.lan", port: undefined });
  assert.deepEqual(hostAndPort("127.0.0.1:5699"), { hostname: "127.0.0.1", port: 5699 });
  assert.deepEqual(hostAndPort("[::1]:5682"), { hostname: "[::1]", port: 5682 });
  assert.equal(
    urlWithHost("amqp://u:p@localhost:5672/v", "127.0.0.1:5699"),
    "amqp://u:p@127.0.0.1:5699/v",
  );
  assert.equal(
    urlWithHost("amqp://u:p@localhost:5672", "rabbit.lan"),
    "amqp://u:p@rabbit.lan:5672",
  );
});

Deno.test("--host refuses a URL, a path or a port out of range, naming the flag", () => {
  for (const bad of ["http://x", "a/b", "host:0", "host:70000", "a b"]) {
    assert.throws(() => hostAndPort(bad), /--host takes a host name, host:port or \[v6\]:port/);
  }
});
