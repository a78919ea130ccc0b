/**
 * TLS brokers: a private node that listens for AMQP over TLS only and serves its management API
 * over https, with certificates from a CA the test makes (openssl). produce, consume, status and
 * the monitor work with `--ca`; every certificate fault (no CA, another CA, an expired
 * certificate, a wrong host name, an X.509 v1 certificate, a missing client certificate under
 * mutual TLS) is one line that names it, never a stack trace; a client key other users may read
 * is one line of warning.
 */
import assert from "node:assert/strict";
import { createServer } from "node:tls";
import type { AddressInfo } from "node:net";
import { freePortRange } from "../lib/local_broker/mod.ts";
import { eventually, jsonOf, runScript, type ScriptRun, spawnScript } from "./helpers.ts";
import { PrivateBroker } from "./private_broker.ts";
import { makeTestCertificates, type TestCertificates } from "./tls_certs.ts";

const certs = await makeTestCertificates();
const tlsNode = (certificates: TestCertificates, requireClientCert: boolean) =>
  PrivateBroker.start({
    management: true,
    tls: {
      caFile: certificates.caFile,
      certFile: certificates.serverCertFile,
      keyFile: certificates.serverKeyFile,
      requireClientCert,
    },
  });

/** One line on stderr (after deno's own), a non-zero exit, no stack trace. */
function oneLineFailure(run: ScriptRun, pattern: RegExp): void {
  assert.notEqual(run.code, 0, `expected a failure: ${run.stdout}`);
  const lines = run.stderr.trim().split("\n").filter((line) => !/^(Task|Check) /.test(line));
  assert.equal(lines.length, 1, `one line, got: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
  assert.match(lines[0], pattern);
}

Deno.test({
  name: "amqps and https with a private CA: produce, consume, status and the monitor",
  sanitizeResources: false,
  async fn() {
    const broker = await tlsNode(certs, false);
    const url = broker.url; // amqps://guest:guest@127.0.0.1:PORT
    const tls = [
      "--url",
      url,
      "--management-url",
      broker.node.managementUrl!,
      "--ca",
      certs.caFile,
    ];
    const queue = `tls.q.${crypto.randomUUID().slice(0, 8)}`;
    try {
      assert.match(url, /^amqps:/);
      const produced = await runScript("produce", [
        ...tls,
        ...["--queue", queue, "--exchange", "tls.x", "--audit-queue", "", "--count", "500"],
        "--json",
      ]);
      assert.equal(produced.code, 0, produced.stderr);
      assert.equal(jsonOf<{ confirmed: number }>(produced).confirmed, 500);
      const consumed = await runScript("consume", [
        ...tls,
        ...["--queue", queue, "--expect", "500", "--json"],
      ]);
      assert.equal(consumed.code, 0, consumed.stderr);
      assert.equal(jsonOf<{ consumed: number }>(consumed).consumed, 500);

      const status = await runScript("status", [...tls, "--once"]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(queue.replaceAll(".", "\\.")));

      const port = freePortRange(1);
      const monitor = spawnScript("monitor", [...tls, "--port", String(port)]);
      try {
        const overview = await eventually(
          "the monitor over TLS to read the broker",
          async () => {
            const response = await fetch(`http://127.0.0.1:${port}/api/overview`);
            const body = await response.json();
            return body.source === "management" && !body.unreachable ? body : undefined;
          },
          60_000,
          () => `monitor stderr: ${monitor.output().stderr}`,
        );
        assert.ok(overview.queues.some((q: { name: string }) => q.name === queue));
      } finally {
        monitor.kill("SIGTERM");
        await monitor.done;
      }
    } finally {
      await broker.stop();
    }
  },
});

Deno.test({
  name: "a certificate that does not verify is one line naming the host and why",
  sanitizeResources: false,
  async fn() {
    const broker = await tlsNode(certs, false);
    const port = broker.node.options.amqpPort;
    const management = broker.node.managementUrl!;
    // An expired certificate, served by a TLS listener of its own.
    const expired = Deno.listenTls({
      hostname: "127.0.0.1",
      port: 0,
      cert: await Deno.readTextFile(certs.expiredCertFile),
      key: await Deno.readTextFile(certs.expiredKeyFile),
    });
    (async () => {
      for await (const conn of expired) {
        conn.handshake().catch(() => {}).finally(() => conn.close());
      }
    })();
    const produce = (url: string, ...flags: string[]) =>
      runScript("produce", [
        ...["--url", url, "--management-url", management, "--connect-timeout", "5"],
        ...["--queue", "tls.never", "--count", "1", ...flags],
      ]);
    try {
      oneLineFailure(
        await produce(`amqps://guest:guest@127.0.0.1:${port}`),
        new RegExp(
          `^produce: 127\\.0\\.0\\.1:${port} shows a certificate signed by a CA this client does not trust: give the CA that signed it with --ca FILE`,
        ),
      );
      oneLineFailure(
        await produce(`amqps://guest:guest@127.0.0.1:${port}`, "--ca", certs.otherCaFile),
        /shows a certificate signed by a CA this client does not trust/,
      );
      oneLineFailure(
        await produce(`amqps://guest:guest@localhost:${port}`, "--ca", certs.caFile),
        new RegExp(
          `^produce: localhost:${port} shows a certificate that is not for the name 'localhost' \\(it holds 127\\.0\\.0\\.1\\)`,
        ),
      );
      const expiredPort = (expired.addr as Deno.NetAddr).port;
      oneLineFailure(
        await produce(`amqps://guest:guest@127.0.0.1:${expiredPort}`, "--ca", certs.caFile),
        new RegExp(
          `^produce: 127\\.0\\.0\\.1:${expiredPort} shows an expired certificate \\(valid until 2020-01-02\\)`,
        ),
      );
      // The management API over https, with no CA to trust its certificate.
      oneLineFailure(
        await runScript("status", ["--url", broker.url, "--management-url", management, "--once"]),
        /^status: management API unavailable: https:\/\/127\.0\.0\.1:\d+ shows a certificate signed by a CA this client does not trust: give the CA that signed it with --ca FILE.*; AMQP unavailable too: 127\.0\.0\.1:\d+ shows a certificate signed by a CA this client does not trust: give the CA that signed it with --ca FILE/,
      );
      oneLineFailure(
        await produce(`amqps://guest:guest@127.0.0.1:${port}`, "--ca", "/nonexistent/ca.pem"),
        /^produce: --ca: cannot read \/nonexistent\/ca\.pem/,
      );
      oneLineFailure(
        await produce(`amqps://guest:guest@127.0.0.1:${port}`, "--cert", certs.clientCertFile),
        /^produce: --cert and --key go together/,
      );
    } finally {
      expired.close();
      await broker.stop();
    }
  },
});

Deno.test({
  name: "an X.509 v1 certificate is one line naming it, at once, for AMQP and the management API",
  sanitizeResources: false,
  async fn() {
    // A TLS server that shows the v1 certificate and nothing else: the fault is the handshake's.
    const server = createServer({
      cert: await Deno.readTextFile(certs.v1CertFile),
      key: await Deno.readTextFile(certs.v1KeyFile),
    }, (socket) => socket.end());
    server.on("tlsClientError", () => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const flags = [
      ...["--url", `amqps://guest:guest@127.0.0.1:${port}`, "--ca", certs.caFile],
      ...["--management-url", `https://127.0.0.1:${port}`],
    ];
    const v1 = `127\\.0\\.0\\.1:${port} shows an X\\.509 v1 certificate`;
    try {
      const started = performance.now();
      const produced = await runScript("produce", [
        ...flags,
        "--queue",
        "tls.never",
        "--count",
        "1",
      ]);
      const seconds = (performance.now() - started) / 1000;
      oneLineFailure(
        produced,
        new RegExp(`^produce: ${v1} .*the broker needs a v3 certificate with a subjectAltName$`),
      );
      assert.ok(seconds < 2, `the line came after ${seconds.toFixed(1)} s`);
      oneLineFailure(
        await runScript("status", [...flags, "--once"]),
        new RegExp(
          `^status: management API unavailable: https://${v1}.*; AMQP unavailable too: ${v1}`,
        ),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  },
});

Deno.test({
  name: "mutual TLS: without a client certificate one line says so; with --cert and --key it works",
  sanitizeResources: false,
  async fn() {
    const broker = await tlsNode(certs, true);
    const base = ["--url", broker.url, "--management-url", broker.node.managementUrl!];
    const queue = `mtls.q.${crypto.randomUUID().slice(0, 8)}`;
    const produce = (...flags: string[]) =>
      runScript("produce", [
        ...base,
        ...["--ca", certs.caFile, "--connect-timeout", "5", "--queue", queue],
        ...["--exchange", "mtls.x", "--audit-queue", "", "--count", "100", "--json", ...flags],
      ]);
    try {
      oneLineFailure(
        await produce(),
        /^produce: 127\.0\.0\.1:\d+ asks for a client certificate \(mutual TLS\) and refused the connection: give --cert FILE and --key FILE/,
      );
      const run = await produce("--cert", certs.clientCertFile, "--key", certs.clientKeyFile);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(jsonOf<{ confirmed: number }>(run).confirmed, 100);
      assert.doesNotMatch(run.stderr, /warning/, "a key kept to its owner: no warning");

      // The same key readable by every user: one line of warning, and the run goes on.
      const openKey = `${certs.dir}/client-open.key`;
      await Deno.copyFile(certs.clientKeyFile, openKey);
      await Deno.chmod(openKey, 0o644);
      const warned = await produce("--cert", certs.clientCertFile, "--key", openKey);
      assert.equal(warned.code, 0, warned.stderr);
      assert.equal(jsonOf<{ confirmed: number }>(warned).confirmed, 100);
      const warnings = warned.stderr.split("\n").filter((line) => /warning/i.test(line));
      assert.deepEqual(warnings, [
        `warning: --key ${openKey} is readable by other users (mode 0644); chmod 600 it`,
      ]);
    } finally {
      await broker.stop();
    }
  },
});

addEventListener("unload", () => Deno.removeSync(certs.dir, { recursive: true }));
