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
