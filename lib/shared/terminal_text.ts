/**
 * Text that someone else chose (a queue name, a header value, a consumer tag, a broker's error
 * text), made safe to write to a terminal. No imports: browser-safe like the rest of `shared/`.
 */

/** Longest foreign text written whole by default; longer text is cut and its length said. */
export const TERMINAL_TEXT_MAX = 200;

/** Options for {@linkcode terminalSafe}. */
export interface TerminalSafeOptions {
  /**
   * Most characters (code points) of the text kept before it is cut with `…(N chars)`;
   * `Infinity` keeps it whole. Default {@linkcode TERMINAL_TEXT_MAX}.
   */
  maxLength?: number;
}

/**
 * Characters a terminal acts on or that hide what a name really is: C0 controls (ESC, BEL,
 * CR, LF, TAB…), DEL, C1 controls (U+0080–U+009F, where U+009B is a CSI by itself), bidi
 * marks, embeddings, overrides and isolates (U+061C, U+200E–U+200F, U+202A–U+202E,
 * U+2066–U+2069), zero-width and invisible characters (U+00AD, U+180E, U+200B–U+200D,
 * U+2060–U+2064, U+FEFF), line and paragraph separators (U+2028, U+2029) and lone surrogates.
 */
const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The escape written in place of one unsafe character: `\x1b` up to U+00FF, else `\u202e`. */
function escapeOf(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every character a terminal would act on, or that would disguise it, written as a
 * visible escape (`\x1b`, `\u202e`), and cut after `maxLength` characters with the whole
 * length said. What is printable stays as it is, so an ordinary name prints unchanged.
 *
 * @example
 * ```ts
 * terminalSafe("orders\x1b]0;pwned\x07"); // "orders\\x1b]0;pwned\\x07"
 * terminalSafe("x".repeat(5000), { maxLength: 10 }); // "xxxxxxxxxx…(5000 chars)"
 * ```
 */
export function terminalSafe(text: string, options: TerminalSafeOptions = {}): string {
  const max = options.maxLength ?? TERMINAL_TEXT_MAX;
  let kept = text;
  let cut = "";
  if (text.length > max) {
    const chars = Array.from(text);
    if (chars.length > max) {
      kept = chars.slice(0, max).join("");
      cut = `…(${chars.length} chars)`;
    }
  }
  return kept.replace(UNSAFE, escapeOf) + cut;
}

/**
 * Whether `text` holds a character {@linkcode terminalSafe} would escape.
 *
 * @example
 * ```ts
 * hasUnsafeTerminalText("plain.queue"); // false
 * hasUnsafeTerminalText("a\u202eb"); // true
 * ```
 */
export function hasUnsafeTerminalText(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * `JSON.stringify(value)` with every character {@linkcode terminalSafe} would escape written as
 * a `\uXXXX` escape. JSON.stringify escapes C0 controls and lone surrogates itself but leaves
 * DEL, C1 controls (U+009B starts a CSI), bidi overrides and zero-width characters raw; escaped
 * this way the text stays valid JSON that parses to the same value.
 *
 * @example
 * ```ts
 * terminalJson({ name: "q\u009b2J" }); // '{"name":"q\\u009b2J"}'
 * JSON.parse(terminalJson({ name: "q\u009b2J" })).name; // "q\u009b2J"
 * ```
 */
export function terminalJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return "null";
  // Outside strings JSON has only ASCII punctuation, so every match sits inside a string.
  return json.replace(
    UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
