import assert from "node:assert/strict";
import { tlsProblem } from "./tls_problem.ts";

const where = "rabbit.lan:5671";

Deno.test("tlsProblem names each certificate fault as rustls and node:tls word it", () => {
  assert.match(
    tlsProblem("client error (Connect): invalid peer certificate: UnknownIssuer", where, {
      ca: "--ca FILE",
    })!,
    /^rabbit\.lan:5671 shows a certificate signed by a CA this client does not trust: give --ca FILE$/,
  );
  assert.match(
    tlsProblem(
      "invalid peer certificate: certificate expired: verification time 1796606628 (UNIX), but certificate is not valid after 1577923200 (218683428 seconds ago)",
      where,
    )!,
    /shows an expired certificate \(valid until 2020-01-02\): the broker needs a new one/,
  );
  assert.match(
    tlsProblem(
      'invalid peer certificate: certificate not valid for name "localhost"; certificate is only valid for IpAddress(127.0.0.1)',
      where,
    )!,
    /not for the name 'localhost' \(it holds 127\.0\.0\.1\): connect by a name it holds/,
  );
  assert.match(
    tlsProblem(
      "Hostname/IP does not match certificate's altnames: Host: localhost. is not cert's CN: 127.0.0.1",
      where,
    )!,
    /not for the name 'localhost' \(it holds 127\.0\.0\.1\)/,
  );
  assert.match(
    tlsProblem("received fatal alert: CertificateRequired", where, { clientCert: "--cert" })!,
    /asks for a client certificate \(mutual TLS\) and refused the connection: give --cert/,
  );
  assert.equal(tlsProblem("Connection refused (os error 111)", where), undefined);
});

Deno.test("tlsProblem names an X.509 v1 certificate, from Deno's handshake and from fetch", () => {
  for (
    const message of [
      "invalid peer certificate: Other(OtherError(UnsupportedCertVersion))",
      "fetch failed error sending request for url (https://rabbit.lan:15671/api/overview): client error (Connect): invalid peer certificate: Other(OtherError(UnsupportedCertVersion))",
    ]
  ) {
    assert.match(
      tlsProblem(message, where)!,
      /^rabbit\.lan:5671 shows an X\.509 v1 certificate .*: the broker needs a v3 certificate with a subjectAltName$/,
    );
  }
});

Deno.test("tlsProblem: every fault of a certificate is named, by rustls's name when it has no words", () => {
  const cases: [string, RegExp][] = [
    ["invalid peer certificate: BadSignature", /signature does not verify/],
    ["invalid peer certificate: InvalidPurpose", /not made for a TLS server/],
    ["invalid peer certificate: Revoked", /a revoked certificate/],
    ["invalid peer certificate: UnsupportedSignatureAlgorithm", /algorithm TLS here does not/],
    ["invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))", /a CA certificate as its/],
    [
      "invalid peer certificate: Other(OtherError(SomethingNew))",
      /^rabbit\.lan:5671 shows a certificate this client refuses \(SomethingNew\)/,
    ],
    [
      "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ",
      /not for the name '127\.0\.0\.1' \(it holds no names\)/,
    ],
    [
      "received fatal alert: CertificateExpired",
      /refused the client certificate \(its alert: Cert/,
    ],
  ];
  for (const [message, expected] of cases) {
    const line = tlsProblem(message, where);
    assert.ok(line, message);
    assert.match(line, expected);
    assert.ok(!line.includes("\n"), "one line");
  }
  assert.equal(tlsProblem("Socket closed", where), undefined);
});
