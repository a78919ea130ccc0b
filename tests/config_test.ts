import assert from "node:assert/strict";
import { managementEndpoint, parseAmqpUrl } from "../lib/config.ts";

Deno.test("parseAmqpUrl reads host, port, vhost and credentials, and hides the password", () => {
  const ep = parseAmqpUrl("amqp://ana:s%40cret@broker.example:5673/prod%2Fone");
  assert.deepEqual(
    [ep.host, ep.port, ep.vhost, ep.username, ep.password],
    ["broker.example", 5673, "prod/one", "ana", "s@cret"],
  );
  assert.doesNotMatch(ep.display, /cret/);
  const defaults = parseAmqpUrl("amqps://h");
  assert.deepEqual([defaults.port, defaults.vhost, defaults.username], [5671, "/", "guest"]);
});

Deno.test("parseAmqpUrl refuses what is not an AMQP URL, naming the flag", () => {
  assert.throws(
    () => parseAmqpUrl("localhost:5672"),
    /--url must start with amqp:\/\/ or amqps:\/\//,
  );
  assert.throws(() => parseAmqpUrl("::"), /--url must be a URL/);
  assert.throws(() => parseAmqpUrl("http://h", "AMQP_URL"), /AMQP_URL must start with amqp:\/\//);
});

Deno.test("managementEndpoint takes the base URL from its flag and the rest from the AMQP URL", () => {
  const m = managementEndpoint(parseAmqpUrl("amqp://u:p@h/v"), "http://h:15672/");
  assert.deepEqual(m, { baseUrl: "http://h:15672", username: "u", password: "p", vhost: "v" });
  assert.throws(() => managementEndpoint(parseAmqpUrl("amqp://h"), "ftp://h"), /--management-url/);
});
