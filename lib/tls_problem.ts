/**
 * Why a TLS connection failed, in one line a user can act on. Deno's node:tls (which the AMQP
 * client uses) says only "unable to verify the first certificate" for most certificate faults,
 * so the reason is asked of a handshake of our own (Deno.connectTls), whose errors name it.
 * Every fault of a certificate is named, the ones without words of their own by rustls's name
 * for them: none of them mends by trying again.
 */
import type { TlsSettings } from "./config.ts";

/** How the caller's user gives TLS settings (a script: its flags). */
export interface TlsHints {
  /** How to trust a private CA: "--ca FILE". */
  ca?: string;
  /** How to show a client certificate: "--cert FILE and --key FILE". */
  clientCert?: string;
}

/**
 * The fault a TLS error message names, in words; `undefined` when it is not about TLS.
 *
 * @example
 * ```ts
 * tlsProblem("invalid peer certificate: UnknownIssuer", "127.0.0.1:5671");
 * // "127.0.0.1:5671 shows a certificate signed by a CA this client does not trust: …"
 * ```
 */
export function tlsProblem(
  message: string,
  where: string,
  hints: TlsHints = {},
): string | undefined {
  const ca = hints.ca ?? "the CA that signed it";
  if (/UnknownIssuer|unable to get (local )?issuer/i.test(message)) {
    return `${where} shows a certificate signed by a CA this client does not trust: give ${ca}`;
  }
  const expired = message.match(/certificate expired.*not valid after (\d+)/);
  if (expired || /certificate expired|CERT_HAS_EXPIRED/i.test(message)) {
    const after = expired && new Date(Number(expired[1]) * 1000).toISOString().slice(0, 10);
    return `${where} shows an expired certificate${after ? ` (valid until ${after})` : ""}: ` +
      "the broker needs a new one";
  }
  if (/NotValidYet|not valid yet/i.test(message)) {
    return `${where} shows a certificate that is not valid yet: check the clocks`;
  }
  const name = message.match(/not valid for name "([^"]+)"; certificate is only valid for (.*)$/) ??
    message.match(
      /Host: ([^.\s]+(?:\.[^.\s]+)*)\. is not (?:in the cert's altnames|cert's CN): (.*)$/,
    ) ?? message.match(/IP: (\S+) is not in the cert's list: ?(.*)$/);
  if (name || /NotValidForName|Hostname\/IP does not match/i.test(message)) {
    const names = name?.[2].trim().replace(/IpAddress\((.*)\)/, "$1");
    const holds = name ? ` (it holds ${names || "no names"})` : "";
    return `${where} shows a certificate that is not for the name '${
      name?.[1] ?? "connected to"
    }'${holds}: connect by a name it holds`;
  }
  if (
    /CertificateRequired|certificate required|HandshakeFailure|handshake failure/i.test(message)
  ) {
    return `${where} asks for a client certificate (mutual TLS) and refused the connection: give ${
      hints.clientCert ?? "a client certificate and its key"
    } signed by a CA it trusts`;
  }
  if (/BadCertificate|bad certificate|UnknownCA|unknown ca/i.test(message)) {
    return `${where} refused the client certificate: it is not signed by a CA the broker trusts`;
  }
  const alert = message.match(
    /received fatal alert: (Certificate(?:Expired|Revoked|Unknown)|UnsupportedCertificate)/,
  );
  if (alert) return `${where} refused the client certificate (its alert: ${alert[1]})`;
  const refused = message.match(/invalid peer certificate: (.+)$/);
  if (refused) return `${where} shows ${certificateFault(refused[1])}`;
  return undefined;
}

/**
 * The certificate faults rustls and webpki name (any other is named as they name it), in words
 * that say what to change.
 */
const CERTIFICATE_FAULTS: [RegExp, string][] = [
  [
    /UnsupportedCertVersion/,
    "an X.509 v1 certificate (one made without extensions, as openssl x509 -req makes it without " +
    "-extfile), which TLS here does not accept: the broker needs a v3 certificate with a " +
    "subjectAltName",
  ],
  [/BadSignature/, "a certificate whose signature does not verify against its issuer"],
  [
    /UnsupportedSignatureAlgorithm/,
    "a certificate signed with an algorithm TLS here does not accept (such as SHA-1)",
  ],
  [
    /InvalidPurpose/,
    "a certificate not made for a TLS server (its extended key usage): the broker needs one " +
    "with serverAuth",
  ],
  [/CaUsedAsEndEntity/, "a CA certificate as its own: the broker needs one the CA signed"],
  [/Revoked/, "a revoked certificate: the broker needs a new one"],
  [/BadEncoding/, "a certificate that cannot be read (bad encoding)"],
  [/UnhandledCriticalExtension/, "a certificate with a critical extension TLS here does not know"],
];

/** What `invalid peer certificate: DETAIL` means, for "HOST shows …". */
function certificateFault(detail: string): string {
  for (const [pattern, words] of CERTIFICATE_FAULTS) if (pattern.test(detail)) return words;
  // Other(OtherError(Name)) and the like: the name inside is what rustls calls the fault.
  const named = detail.match(/^(?:\w+\()*(\w+)\)*$/)?.[1] ?? detail;
  return `a certificate this client refuses (${named}): the broker needs a valid one`;
}

/**
 * Shakes hands with `host:port` over TLS as `tls` says, and says what is wrong, or `undefined`
 * when the handshake succeeds (then the fault lies elsewhere).
 *
 * @example
 * ```ts
 * await tlsHandshakeProblem("127.0.0.1", 5671, {}); // "127.0.0.1:5671 shows a certificate …"
 * ```
 */
export async function tlsHandshakeProblem(
  host: string,
  port: number,
  tls: TlsSettings = {},
  hints: TlsHints = {},
): Promise<string | undefined> {
  try {
    await new HandshakeProbe(host, port, tls).run(HANDSHAKE_TIMEOUT_MS);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return tlsProblem(message, `${host}:${port}`, hints);
  }
}

/** How long the handshake of {@linkcode tlsHandshakeProblem} may take. */
const HANDSHAKE_TIMEOUT_MS = 5_000;

/** One TLS handshake and the broker's first answer, given up after a time. */
class HandshakeProbe {
  readonly #options: Deno.ConnectTlsOptions;
  #conn?: Deno.TlsConn;
  // Set once the probe is over: a connection that opens later is closed at once.
  #over = false;

  constructor(hostname: string, port: number, tls: TlsSettings) {
    this.#options = {
      hostname,
      port,
      caCerts: tls.caCerts,
      ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
    };
  }

  /**
   * Resolves when the handshake and the first read succeed, or after `timeoutMs` of silence (a
   * node still booting may take the connection and say nothing: that is not a TLS fault);
   * rejects with the TLS error.
   */
  async run(timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silence = new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs));
    const shaking = this.#shake();
    shaking.catch(() => {}); // once the time is up, its failure is nobody's concern
    try {
      await Promise.race([shaking, silence]);
    } finally {
      this.#over = true;
      clearTimeout(timer);
      this.#close();
    }
  }

  async #shake(): Promise<void> {
    this.#conn = await Deno.connectTls(this.#options);
    if (this.#over) return this.#close();
    await this.#conn.handshake();
    // A broker that wants a client certificate says so after the handshake, on the first read.
    await this.#conn.write(new TextEncoder().encode("AMQP\x00\x00\x09\x01"));
    await this.#conn.read(new Uint8Array(8));
  }

  #close(): void {
    try {
      this.#conn?.close();
    } catch {
      // Closed already.
    }
  }
}
