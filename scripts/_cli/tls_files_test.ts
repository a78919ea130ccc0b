import assert from "node:assert/strict";
import { readTlsFiles } from "./tls_files.ts";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

Deno.test("readTlsFiles: nothing given is no TLS settings; files are read and checked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/ca.pem`, CERT);
    await Deno.writeTextFile(`${dir}/key.pem`, KEY);
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
