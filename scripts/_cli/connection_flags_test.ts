import assert from "node:assert/strict";
import { parseAmqpUrl } from "../../lib/config.ts";
import {
  addConnectionFlags,
  type ConnectionFlagValues,
  hostAndPort,
  managementUrlFor,
  PASSWORD_ENV,
  resolveConnection,
  withHost,
} from "./connection_flags.ts";
import { command, parseFlags } from "./flags.ts";

Deno.test("--host keeps the port it is given: host, host:port, [v6]:port", () => {
  assert.deepEqual(hostAndPort("rabbit.lan"), { hostname: "rabbit.lan", port: undefined });
  assert.deepEqual(hostAndPort("127.0.0.1:5699"), { hostname: "127.0.0.1", port: 5699 });
  assert.deepEqual(hostAndPort("[::1]:5682"), { hostname: "[::1]", port: 5682 });
  assert.equal(
    withHost("amqp://u:p@localhost:5672/v", "127.0.0.1", 5699),
    "amqp://u:p@127.0.0.1:5699/v",
  );
  assert.equal(withHost("amqp://u:p@localhost:5672", "rabbit.lan"), "amqp://u:p@rabbit.lan:5672");
});

Deno.test("--host refuses a URL, a path or a port out of range, naming the flag", () => {
  for (const bad of ["http://x", "a/b", "host:0", "host:70000", "a b"]) {
    assert.throws(() => hostAndPort(bad), /--host takes a host name, host:port or \[v6\]:port/);
  }
});

Deno.test("one URL rule: the management API is on --url's host at the AMQP port + 10000", () => {
  assert.equal(managementUrlFor(parseAmqpUrl("amqp://rabbit.lan")), "http://rabbit.lan:15672");
  assert.equal(managementUrlFor(parseAmqpUrl("amqp://h:5682/v")), "http://h:15682");
  assert.equal(managementUrlFor(parseAmqpUrl("amqps://h")), "https://h:15671");
  assert.equal(managementUrlFor(parseAmqpUrl("amqp://[::1]:5673")), "http://[::1]:15673");
  // No port + 10000 exists above 55535: the management default.
  assert.equal(managementUrlFor(parseAmqpUrl("amqp://h:60000")), "http://h:15672");
});

/** Runs `fn` with MANAGEMENT_URL set to `value` (or unset), as a user's shell would have it. */
function withManagementUrlEnv(value: string | undefined, fn: () => void): void {
  const before = Deno.env.get("MANAGEMENT_URL");
  if (value === undefined) Deno.env.delete("MANAGEMENT_URL");
  else Deno.env.set("MANAGEMENT_URL", value);
  try {
    fn();
  } finally {
    if (before === undefined) Deno.env.delete("MANAGEMENT_URL");
    else Deno.env.set("MANAGEMENT_URL", before);
  }
}

Deno.test("resolveConnection: --url parsed once, the management endpoint follows it", () =>
  withManagementUrlEnv(undefined, () => {
    const broker = resolveConnection({ url: "amqp://ana:pw@rabbit:5682/orders" });
    assert.equal(broker.amqp[0].port, 5682);
    assert.deepEqual(broker.management.baseUrls, ["http://rabbit:15682"]);
    assert.equal(broker.management.username, "ana");
    assert.equal(broker.management.vhost, "orders");
    assert.equal(broker.credentialFlags, "--url / AMQP_URL");
    assert.equal(broker.connectTimeout, 30);
  }));

Deno.test("resolveConnection: a cluster's nodes each get their management URL", () =>
  withManagementUrlEnv(undefined, () => {
    const broker = resolveConnection({ url: "amqp://h:5673,amqp://h:5674" });
    assert.deepEqual(broker.management.baseUrls, ["http://h:15673", "http://h:15674"]);
  }));

Deno.test("MANAGEMENT_URL outranks the rule; a typed --host outranks MANAGEMENT_URL", () =>
  withManagementUrlEnv("http://m.lan:15999", () => {
    const fromEnv = resolveConnection({ url: "amqp://h" });
    assert.deepEqual(fromEnv.management.baseUrls, ["http://m.lan:15999"]);
    const amqpHost = resolveConnection({ url: "amqp://h", host: "rabbit.lan:5682" });
    assert.deepEqual(amqpHost.management.baseUrls, ["http://rabbit.lan:15682"]);
    const statusHost = resolveConnection({ url: "amqp://h", host: "rabbit.lan" }, "management");
    assert.deepEqual(statusHost.management.baseUrls, ["http://rabbit.lan:15672"]);
    const typed = resolveConnection({ url: "amqp://h", managementUrl: "http://x:1" });
    assert.deepEqual(typed.management.baseUrls, ["http://x:1"]);
  }));

Deno.test("resolveConnection: --management-url and --username win over the rule", () => {
  const broker = resolveConnection({
    url: "amqp://ana:pw@rabbit:5682",
    managementUrl: "https://mgmt.lan",
    username: "ops",
  });
  assert.deepEqual(broker.management.baseUrls, ["https://mgmt.lan"]);
  assert.equal(broker.management.username, "ops");
  assert.equal(broker.management.password, "pw");
  assert.equal(broker.credentialFlags, "--username / --password (or MANAGEMENT_PASSWORD)");
});

Deno.test("--host of produce is the AMQP host[:port]; the management API follows it", () => {
  const broker = resolveConnection({ url: "amqp://u:p@localhost:5672/v", host: "127.0.0.1:5699" });
  assert.equal(broker.amqp[0].host, "127.0.0.1");
  assert.equal(broker.amqp[0].port, 5699);
  assert.equal(broker.amqp[0].vhost, "v");
  assert.deepEqual(broker.management.baseUrls, ["http://127.0.0.1:15699"]);
});

Deno.test("--host of status is the management host[:port]; the AMQP port follows it", () => {
  const plain = resolveConnection({ url: "amqp://localhost", host: "rabbit.lan" }, "management");
  assert.deepEqual(plain.management.baseUrls, ["http://rabbit.lan:15672"]);
  assert.equal(plain.amqp[0].host, "rabbit.lan");
  assert.equal(plain.amqp[0].port, 5672);
  const other = resolveConnection(
    { url: "amqp://localhost", host: "rabbit.lan:15682" },
    "management",
  );
  assert.deepEqual(other.management.baseUrls, ["http://rabbit.lan:15682"]);
  assert.equal(other.amqp[0].port, 5682);
  const url = resolveConnection(
    { url: "amqp://localhost", host: "https://m.lan:443" },
    "management",
  );
  assert.deepEqual(url.management.baseUrls, ["https://m.lan"]);
});

Deno.test("resolveConnection: a bad URL is one line naming the flag", () => {
  assert.throws(() => resolveConnection({ url: "http://x" }), /--url must start with amqp:\/\//);
  assert.throws(
    () => resolveConnection({ url: "amqp://x", managementUrl: "ftp://m" }),
    /--management-url must start with http:\/\/ or https:\/\//,
  );
});

/** Runs `fn` with MANAGEMENT_PASSWORD set to `value` (or unset), as a user's shell would have it. */
function withPasswordEnv(value: string | undefined, fn: () => void): void {
  const before = Deno.env.get(PASSWORD_ENV);
  if (value === undefined) Deno.env.delete(PASSWORD_ENV);
  else Deno.env.set(PASSWORD_ENV, value);
  try {
    fn();
  } finally {
    if (before === undefined) Deno.env.delete(PASSWORD_ENV);
    else Deno.env.set(PASSWORD_ENV, before);
  }
}

/** The connection flags of a script that takes credentials, parsed and resolved. */
function credentialsOf(argv: string[]) {
  const program = addConnectionFlags(command("status", "test"), { credentials: true });
  return resolveConnection(parseFlags<ConnectionFlagValues>(program, argv)).management;
}

Deno.test("--password comes from MANAGEMENT_PASSWORD when not typed; a typed one wins", () =>
  withManagementUrlEnv(undefined, () => {
    assert.equal(PASSWORD_ENV, "MANAGEMENT_PASSWORD");
    const url = ["--url", "amqp://ana:url-pw@rabbit:5682"];
    withPasswordEnv("env-pw", () => {
      const fromEnv = credentialsOf(url);
      assert.equal(fromEnv.password, "env-pw");
      assert.equal(fromEnv.username, "ana", "the user still comes from --url");
      assert.equal(credentialsOf([...url, "--password", "typed-pw"]).password, "typed-pw");
    });
    withPasswordEnv(undefined, () => assert.equal(credentialsOf(url).password, "url-pw"));
  }));

Deno.test("--help names MANAGEMENT_PASSWORD beside --password", () => {
  const program = addConnectionFlags(command("status", "test"), { credentials: true });
  assert.match(
    program.helpInformation({ error: false }).replace(/\s+/g, " "),
    /--password <password> .*\(env: MANAGEMENT_PASSWORD\)/,
  );
});
