import assert from "node:assert/strict";
import { inVhost, managementEndpoint, parseAmqpUrl, parseAmqpUrls } from "./config.ts";
import { UserError } from "./errors.ts";

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
    /the AMQP URL must start with amqp:\/\/ or amqps:\/\//,
  );
  assert.throws(() => parseAmqpUrl("::"), /the AMQP URL must be a URL/);
  assert.throws(() => parseAmqpUrl("http://h", "AMQP_URL"), /AMQP_URL must start with amqp:\/\//);
});

Deno.test("managementEndpoint takes the base URL from its flag and the rest from the AMQP URL", () => {
  const m = managementEndpoint(parseAmqpUrl("amqp://u:p@h/v"), "http://h:15672/");
  assert.deepEqual(m, { baseUrls: ["http://h:15672"], username: "u", password: "p", vhost: "v" });
  assert.deepEqual(
    managementEndpoint(parseAmqpUrl("amqp://h"), "http://a:15673, http://b:15674/").baseUrls,
    ["http://a:15673", "http://b:15674"],
  );
  assert.throws(
    () => managementEndpoint(parseAmqpUrl("amqp://h"), "http://a,"),
    /the management URL/,
  );
  assert.throws(
    () => managementEndpoint(parseAmqpUrl("amqp://h"), "ftp://h"),
    /the management URL/,
  );
});

Deno.test("parseAmqpUrls reads a comma-separated list of cluster nodes, each checked", () => {
  const nodes = parseAmqpUrls("amqp://u:p@127.0.0.1:5673, amqp://u:p@127.0.0.1:5674");
  assert.deepEqual(nodes.map((n) => [n.port, n.username]), [[5673, "u"], [5674, "u"]]);
  assert.equal(parseAmqpUrls("amqp://h").length, 1);
  assert.throws(
    () => parseAmqpUrls("amqp://a,,amqp://b"),
    /the AMQP URL takes one AMQP URL or a comma/,
  );
  assert.throws(() => parseAmqpUrls("amqp://a,http://b"), /the AMQP URL must start with amqp:\/\//);
});

Deno.test("credentials live apart from URLs: not in the endpoint's url, not in any error", () => {
  const ep = parseAmqpUrl("amqp://ana:s3cret%25pw@broker:5673/v");
  assert.equal(ep.url, "amqp://broker:5673/v");
  assert.deepEqual([ep.username, ep.password], ["ana", "s3cret%pw"]);
  for (const bad of ["http://ana:s3cret@broker", "amqp://ana:s3cret@", "amqp://ana:s3cret@h,"]) {
    assert.throws(() => parseAmqpUrls(bad), (e) => {
      assert.ok(e instanceof UserError, String(e));
      assert.ok(!e.message.includes("s3cret"), e.message);
      return true;
    });
  }
  const m = managementEndpoint(parseAmqpUrl("amqp://guest:guest@h"), "http://ops:s3cret@h:15672");
  assert.deepEqual(m.baseUrls, ["http://h:15672"]);
  assert.deepEqual([m.username, m.password], ["ops", "s3cret"]);
  assert.throws(
    () => managementEndpoint(parseAmqpUrl("amqp://h"), "ftp://ops:s3cret@h"),
    (e) => e instanceof UserError && !e.message.includes("s3cret"),
  );
});

Deno.test("inVhost moves an endpoint to another virtual host, credentials kept apart", () => {
  const ep = inVhost(parseAmqpUrl("amqp://ana:secret@broker:5673/"), "orders/eu");
  assert.equal(ep.vhost, "orders/eu");
  assert.equal(ep.url, "amqp://broker:5673/orders%2Feu");
  assert.equal(ep.display, "amqp://ana:***@broker:5673/orders%2Feu");
  assert.deepEqual([ep.username, ep.password], ["ana", "secret"]);
  assert.equal(inVhost(ep, "/").url, "amqp://broker:5673/%2F");
});

Deno.test("parseAmqpUrl refuses ?insecure: certificate verification is never skipped", () => {
  assert.throws(
    () => parseAmqpUrl("amqps://u:p@rabbit.lan?insecure", "--url"),
    /--url: \?insecure would skip verifying the broker's certificate/,
  );
});
