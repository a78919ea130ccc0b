/**
 * `--ca`, `--cert` and `--key`: the PEM files an `amqps://` or `https://` connection trusts and
 * shows, read once and checked, so a wrong file is one line naming the flag.
 */
import type { TlsSettings } from "../../lib/config.ts";
import { UserError } from "../../lib/errors.ts";

/** The TLS flags as commander parsed them. */
export interface TlsFlagValues {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * The TLS settings the flags name (`undefined` when none is given). Throws a `UserError`
 * naming the flag for a file that cannot be read or does not hold what it should.
 *
 * @example
 * ```ts
 * readTlsFiles({ ca: "ca.pem" })?.caCerts?.length; // 1
 * ```
 */
export function readTlsFiles(flags: TlsFlagValues): TlsSettings | undefined {
  if (flags.ca === undefined && flags.cert === undefined && flags.key === undefined) {
    return undefined;
  }
  if ((flags.cert === undefined) !== (flags.key === undefined)) {
    throw new UserError(
      `--cert and --key go together: a client certificate needs its private key (got only ${
        flags.cert === undefined ? "--key" : "--cert"
      })`,
      { exitCode: 2 },
    );
  }
  const ca = flags.ca === undefined
    ? undefined
    : pem("--ca", flags.ca, /-----BEGIN CERTIFICATE-----/);
  const cert = flags.cert === undefined
    ? undefined
    : pem("--cert", flags.cert, /-----BEGIN CERTIFICATE-----/);
  const key = flags.key === undefined
    ? undefined
    : pem("--key", flags.key, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  return { ...(ca ? { caCerts: [ca] } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

/** The file's text, checked to hold a PEM block of the expected kind. */
function pem(flag: string, path: string, kind: RegExp): string {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    throw new UserError(
      `${flag}: cannot read ${path} (${error instanceof Error ? error.message : error})`,
      { exitCode: 2 },
    );
  }
  if (!kind.test(text)) {
    throw new UserError(
      `${flag}: ${path} holds no ${
        flag === "--key" ? "PEM private key" : "PEM certificate"
      } (-----BEGIN ...-----)`,
      { exitCode: 2 },
    );
  }
  return text;
}
