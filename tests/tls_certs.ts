/**
 * Certificates for TLS tests, made with openssl: a private CA, a broker certificate for
 * 127.0.0.1 (not for "localhost", so a connection by that name meets a wrong host name), a client
 * certificate for mutual TLS, an expired broker certificate, an X.509 v1 broker certificate (made
 * as `openssl x509 -req` makes one without extensions), and a second CA that signed nothing the
 * broker shows.
 */

/** PEM files in one temporary directory. */
export interface TestCertificates {
  dir: string;
  caFile: string;
  /** A CA the broker's certificate is not signed by. */
  otherCaFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** Valid for 127.0.0.1 once, in 2020. */
  expiredCertFile: string;
  expiredKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** X.509 v1 (no extensions, so no subjectAltName) for 127.0.0.1, signed by the CA. */
  v1CertFile: string;
  v1KeyFile: string;
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
[any]
commonName = supplied
`;

async function openssl(dir: string, args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", {
    args,
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) {
    throw new Error(`openssl ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Makes the certificates in a new temporary directory (under `parent` when given). */
export async function makeTestCertificates(parent?: string): Promise<TestCertificates> {
  const dir = await Deno.makeTempDir({ prefix: "tls-test-", dir: parent });
  await Deno.writeTextFile(`${dir}/ca.cnf`, CA_CONFIG);
  await Deno.writeTextFile(`${dir}/index.txt`, "");
  // Two certificates share a subject (the valid and the expired one for 127.0.0.1).
  await Deno.writeTextFile(`${dir}/index.txt.attr`, "unique_subject = no\n");
  await Deno.writeTextFile(`${dir}/serial`, "01\n");
  for (const ca of ["ca", "other-ca"]) {
    await openssl(dir, [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${ca}.key`,
      "-out",
      `${ca}.pem`,
      "-days",
      "3",
      "-subj",
      `/CN=toolkit ${ca}`,
    ]);
  }
  const sign = async (name: string, subject: string, extra: string[], dates: [string, string]) => {
    await openssl(dir, [
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      subject,
      ...extra,
    ]);
    await openssl(dir, [
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-cert",
      "ca.pem",
      "-keyfile",
      "ca.key",
      "-in",
      `${name}.csr`,
      "-out",
      `${name}.pem`,
      "-notext",
      "-startdate",
      dates[0],
      "-enddate",
      dates[1],
    ]);
  };
  const now = Date.now();
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";
  const valid: [string, string] = [stamp(now - 86_400_000), stamp(now + 2 * 86_400_000)];
  const forServer = ["-addext", "subjectAltName=IP:127.0.0.1"];
  await sign("server", "/CN=127.0.0.1", forServer, valid);
  await sign("expired", "/CN=127.0.0.1", forServer, ["20200101000000Z", "20200102000000Z"]);
  await sign("client", "/CN=toolkit client", ["-addext", "extendedKeyUsage=clientAuth"], valid);
  await openssl(dir, [
    ...["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "v1.key", "-out", "v1.csr"],
    ...["-subj", "/CN=127.0.0.1"],
  ]);
  await openssl(dir, [
    ...["x509", "-req", "-in", "v1.csr", "-CA", "ca.pem", "-CAkey", "ca.key"],
    ...["-set_serial", "1001", "-days", "2", "-out", "v1.pem"],
  ]);
  return {
    dir,
    caFile: `${dir}/ca.pem`,
    otherCaFile: `${dir}/other-ca.pem`,
    serverCertFile: `${dir}/server.pem`,
    serverKeyFile: `${dir}/server.key`,
    expiredCertFile: `${dir}/expired.pem`,
    expiredKeyFile: `${dir}/expired.key`,
    clientCertFile: `${dir}/client.pem`,
    clientKeyFile: `${dir}/client.key`,
    v1CertFile: `${dir}/v1.pem`,
    v1KeyFile: `${dir}/v1.key`,
  };
}
