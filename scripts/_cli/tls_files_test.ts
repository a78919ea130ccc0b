import assert from "node:assert/strict";
import { keyModeWarning, readTlsFiles } from "./tls_files.ts";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

Deno.test("readTlsFiles: nothing given is no TLS settings; files are read and checked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/ca.pem`, CERT);
    await Deno.writeTextFile(`${dir}/key.pem`, KEY, { mode: 0o600 });
    assert.equal(readTlsFiles({}), undefined);
    assert.deepEqual(readTlsFiles({ ca: `${dir}/ca.pem` }), { caCerts: [CERT] });
    assert.deepEqual(readTlsFiles({ cert: `${dir}/ca.pem`, key: `${dir}/key.pem` }), {
      cert: CERT,
      key: KEY,
    });
    assert.throws(() => readTlsFiles({ ca: `${dir}/none.pem` }), /^UserError: --ca: cannot read/);
    assert.throws(
      () => readTlsFiles({ ca: `${dir}/key.pem` }),
      /--ca: .*key\.pem holds no PEM certificate/,
    );
    assert.throws(() => readTlsFiles({ cert: `${dir}/ca.pem` }), /--cert and --key go together/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("keyModeWarning: a key other users may read or touch is one line; an owner's key none", () => {
  assert.equal(
    keyModeWarning("client.key", 0o100644),
    "warning: --key client.key is readable by other users (mode 0644); chmod 600 it",
  );
  assert.match(keyModeWarning("k", 0o640)!, /readable by other users \(mode 0640\)/);
  assert.match(keyModeWarning("k", 0o620)!, /accessible by other users \(mode 0620\)/);
  for (const mode of [0o600, 0o400, 0o700, null]) {
    assert.equal(keyModeWarning("k", mode), undefined);
  }
});

Deno.test("readTlsFiles warns once of a --key readable by others and reads it all the same", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/cert.pem`, CERT);
    await Deno.writeTextFile(`${dir}/key.pem`, KEY, { mode: 0o600 });
    const warnings: string[] = [];
    const files = { cert: `${dir}/cert.pem`, key: `${dir}/key.pem` };
    assert.deepEqual(readTlsFiles(files, (line) => warnings.push(line)), { cert: CERT, key: KEY });
    assert.equal(warnings.length, 0, "an owner's key: no warning");
    await Deno.chmod(`${dir}/key.pem`, 0o644);
    assert.deepEqual(readTlsFiles(files, (line) => warnings.push(line)), { cert: CERT, key: KEY });
    assert.deepEqual(warnings, [
      `warning: --key ${dir}/key.pem is readable by other users (mode 0644); chmod 600 it`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
