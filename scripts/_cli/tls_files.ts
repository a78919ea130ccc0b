/**
 * `--ca`, `--cert` and `--key`: the PEM files an `amqps://` or `https://` connection trusts and
 * shows, read once and checked, so a wrong file is one line naming the flag, and a private key
 * other users may read is one line of warning.
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
 * naming the flag for a file that cannot be read or does not hold what it should; a `--key`
 * file open to other users is said to `warn` (stderr), and the run goes on.
 *
 * @example
 * ```ts
 * readTlsFiles({ ca: "ca.pem" })?.caCerts?.length; // 1
 * ```
 */
export function readTlsFiles(
  flags: TlsFlagValues,
  warn: (line: string) => void = console.error,
): TlsSettings | undefined {
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
  if (flags.key !== undefined) {
    const warning = keyModeWarning(flags.key, modeOf(flags.key));
    if (warning) warn(warning);
  }
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

/**
 * The warning for a private key file that users other than its owner may read or change (any
 * of the group's or others' permission bits set), or `undefined` for one kept to its owner
 * (or a mode unknown, as on Windows).
 *
 * @example
 * ```ts
 * keyModeWarning("client.key", 0o644);
 * // "warning: --key client.key is readable by other users (mode 0644); chmod 600 it"
 * keyModeWarning("client.key", 0o600); // undefined
 * ```
 */
export function keyModeWarning(path: string, mode: number | null): string | undefined {
  if (mode === null || (mode & 0o077) === 0) return undefined;
  const how = mode & 0o044 ? "readable" : "accessible";
  const octal = (mode & 0o777).toString(8).padStart(4, "0");
  return `warning: --key ${path} is ${how} by other users (mode ${octal}); chmod 600 it`;
}

/** The permission bits of the file at `path` (after links), or `null` where none are kept. */
function modeOf(path: string): number | null {
  try {
    return Deno.statSync(path).mode;
  } catch {
    return null; // read a moment ago: whatever this is, the key itself was fine
  }
}
